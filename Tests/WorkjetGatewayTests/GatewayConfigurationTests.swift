import Foundation
import Testing
@testable import WorkjetGateway

/// Server settings of `workjet serve` from the YAML file and the environment, and bad values refused at load.
@Suite struct GatewayConfigurationTests {
    @Test func theIdleTimeoutComesFromTheFileThenTheEnvironment() throws {
        #expect(try GatewayConfiguration.load(file: nil, environment: [:]).idleTimeoutSeconds == 60)
        var configuration = GatewayConfiguration()
        try configuration.apply(yaml: "idle_timeout_seconds: 15\n")
        #expect(configuration.idleTimeoutSeconds == 15)
        try configuration.apply(environment: ["WORKJET_IDLE_TIMEOUT_SECONDS": "2.5"])
        #expect(configuration.idleTimeoutSeconds == 2.5)
    }

    @Test(arguments: [
        ("idle_timeout_seconds: 0\n", [String: String](), "idle_timeout_seconds must be more than 0"),
        ("idle_timeout_seconds: -1\n", [:], "got -1"),
        ("idle_timeout_seconds: 100000\n", [:], "at most 86400"),
        ("idle_timeout_seconds: .nan\n", [:], "idle_timeout_seconds"),
        ("idle_timeout_seconds: soon\n", [:], "idle_timeout_seconds"),
        ("# nothing set here\n", ["WORKJET_IDLE_TIMEOUT_SECONDS": "a minute"], "WORKJET_IDLE_TIMEOUT_SECONDS must be a number"),
        ("# nothing set here\n", ["WORKJET_IDLE_TIMEOUT_SECONDS": "0"], "idle_timeout_seconds must be more than 0"),
    ])
    func badIdleTimeoutsAreRefused(yaml: String, environment: [String: String], message: String) throws {
        let path = NSTemporaryDirectory() + "workjet-config-\(UUID().uuidString).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try GatewayConfiguration.load(file: path, environment: environment)
            Issue.record("loaded with \(yaml) \(environment)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}

/// A configuration file that sets nothing is the defaults; one that is not a mapping of settings, or not
/// YAML, is refused with a message that says so.
@Suite struct ConfigurationFileShapeTests {
    private func load(_ yaml: String) throws(GatewayError) -> GatewayConfiguration {
        let path = NSTemporaryDirectory() + "workjet-config-\(UUID().uuidString).yaml"
        try? yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try GatewayConfiguration.load(file: path, environment: [:])
    }

    @Test(arguments: ["", "\n\n", "# all defaults for now\n", "---\n"])
    func aFileThatSetsNothingLoadsTheDefaults(yaml: String) throws {
        let configuration = try load(yaml)
        #expect(configuration.port == 8080 && configuration.idleTimeoutSeconds == 60)
    }

    @Test(arguments: [
        ("- host\n- port\n", "its top level must be a mapping of settings (host: …, port: …), not a list"),
        ("8080\n", "not a single value"),
        ("port: [8080\n", "not valid YAML"),
        ("port: 8080\n\thost: x\n", "not valid YAML"),
    ])
    func aFileThatIsNotAMappingOfSettingsIsRefused(yaml: String, message: String) {
        do {
            _ = try load(yaml)
            Issue.record("loaded: \(yaml)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
