import Foundation
import Hummingbird
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import WorkjetGateway

/// A gateway on a fresh database in a temporary directory, with a bootstrap owner key.
struct GatewayFixture {
    var configuration: GatewayConfiguration
    let directory: String
    /// What `buildApplication` sees as the process environment.
    var environment = ["MOCK_KEY": "sk-upstream-secret"]
    /// The gateway's logger (tests that inspect the log swap in a capturing handler).
    var logger = Logger(label: "test")

    init(upstreamPort: Int? = nil, maxBodyBytes: Int = 1 << 20) {
        directory = NSTemporaryDirectory() + "workjet-gw-" + UUID().uuidString
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.databasePath = directory + "/gateway.sqlite"
        configuration.auditSynchronous = "normal"
        configuration.maxBodyBytes = maxBodyBytes
        configuration.upstreamTimeoutSeconds = 2
        configuration.providers = [ProviderConfiguration(name: "echo", kind: .echo)]
        configuration.models = [ModelConfiguration(name: "echo-1", provider: "echo")]
        if let port = upstreamPort {
            configuration.providers += [
                ProviderConfiguration(name: "mock-openai", kind: .openai, baseURL: "http://127.0.0.1:\(port)/v1", apiKeyEnvironment: "MOCK_KEY"),
                ProviderConfiguration(name: "mock-anthropic", kind: .anthropic, baseURL: "http://127.0.0.1:\(port)", apiKeyEnvironment: "MOCK_KEY"),
            ]
            configuration.models += [
                ModelConfiguration(name: "gpt-test", provider: "mock-openai"),
                ModelConfiguration(name: "claude-test", provider: "mock-anthropic"),
                ModelConfiguration(name: "fail-model", provider: "mock-openai", upstreamModel: "mock-500"),
                ModelConfiguration(name: "slow-model", provider: "mock-openai", upstreamModel: "mock-slow"),
                ModelConfiguration(name: "leak-model", provider: "mock-openai", upstreamModel: "mock-leak"),
                ModelConfiguration(name: "drip-model", provider: "mock-openai", upstreamModel: "mock-drip"),
                ModelConfiguration(name: "claude-fail", provider: "mock-anthropic", upstreamModel: "mock-500"),
                ModelConfiguration(name: "claude-slow", provider: "mock-anthropic", upstreamModel: "mock-slow"),
            ]
        }
        self.configuration = configuration
    }

    func tasks() throws -> OperatorTasks { try OperatorTasks(configuration: configuration, logger: Logger(label: "test")) }

    func key(_ workspace: String = "acme", role: Role = .owner) async throws -> String {
        try await tasks().createKey(workspace: workspace, role: role).raw
    }

    func app() async throws -> some ApplicationProtocol {
        try await buildApplication(configuration: configuration, logger: logger, environment: environment)
    }
}

extension TestClientProtocol {
    /// POSTs JSON with a key.
    @discardableResult
    func post(_ uri: String, key: String?, json: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.contentType] = "application/json"
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    func call(_ uri: String, _ method: HTTPRequest.Method, key: String?, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var dlp: String? { headers[HeaderName.dlp] }
}

func chat(_ model: String, _ text: String, stream: Bool = false) -> String {
    let content = String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast()
    return #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"system","content":"be brief"},{"role":"user","content":\#(content)}]}"#
}

func anthropic(_ model: String, _ text: String, stream: Bool = false) -> String {
    let content = String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast()
    return #"{"model":"\#(model)","max_tokens":64,"stream":\#(stream),"system":"be brief","messages":[{"role":"user","content":[{"type":"text","text":\#(content)}]}]}"#
}
