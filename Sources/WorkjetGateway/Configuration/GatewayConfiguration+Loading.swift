import Foundation
import Yams

extension GatewayConfiguration {
    /// The YAML file's shape: every key optional, snake case.
    struct File: Decodable {
        var host: String?
        var port: Int?
        var database: String?
        var maxBodyBytes: Int?
        var upstreamTimeoutSeconds: Double?
        var idleTimeoutSeconds: Double?
        var upstreamConnectTimeoutSeconds: Double?
        var upstreamPoolSize: Int?
        var upstreamCAFile: String?
        var auditSynchronous: String?
        var auditMaxBatch: Int?
        var providers: [ProviderConfiguration]?
        var models: [ModelConfiguration]?
        var policy: PolicyDocument?
        var logLevel: String?
        var payloadArchive: PayloadArchiveConfiguration?

        enum CodingKeys: String, CodingKey {
            case host, port, database, providers, models, policy
            case maxBodyBytes = "max_body_bytes"
            case upstreamTimeoutSeconds = "upstream_timeout_seconds"
            case idleTimeoutSeconds = "idle_timeout_seconds"
            case upstreamConnectTimeoutSeconds = "upstream_connect_timeout_seconds"
            case upstreamPoolSize = "upstream_pool_size"
            case upstreamCAFile = "upstream_ca_file"
            case auditSynchronous = "audit_synchronous"
            case auditMaxBatch = "audit_max_batch"
            case logLevel = "log_level"
            case payloadArchive = "payload_archive"
        }
    }

    /// Loads the defaults, then the YAML file if given, then environment overrides; validates the result.
    ///
    /// ```swift
    /// let configuration = try GatewayConfiguration.load(file: "config/workjet.yaml")
    /// ```
    public static func load(
        file: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GatewayError) -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        if let file {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw GatewayError(.invalidConfiguration, "cannot read configuration file \(file)")
            }
            try configuration.apply(yaml: text)
        }
        try configuration.apply(environment: environment)
        try configuration.validate()
        return configuration
    }

    /// Applies the keys present in a YAML document.
    public mutating func apply(yaml: String) throws(GatewayError) {
        // A file of comments only, an empty one or a bare `---` sets nothing: the decoder would call it a missing mapping.
        let document: Node?
        do { document = try Yams.compose(yaml: yaml) } catch {
            throw GatewayError(.invalidConfiguration, "configuration is not valid YAML: \(Self.describe(error))")
        }
        guard let document, document.null == nil else { return }
        guard case .mapping = document else {
            throw GatewayError(
                .invalidConfiguration,
                "configuration is not valid: its top level must be a mapping of settings (host: …, port: …), not a \(Self.kind(of: document))")
        }
        let file: File
        do { file = try YAMLDecoder().decode(File.self, from: yaml) } catch {
            throw GatewayError(.invalidConfiguration, "configuration is not valid: \(Self.describe(error))")
        }
        if let v = file.host { host = v }
        if let v = file.port { port = v }
        if let v = file.database { databasePath = v }
        if let v = file.maxBodyBytes { maxBodyBytes = v }
        if let v = file.upstreamTimeoutSeconds { upstreamTimeoutSeconds = v }
        if let v = file.idleTimeoutSeconds { idleTimeoutSeconds = v }
        if let v = file.upstreamConnectTimeoutSeconds { upstreamConnectTimeoutSeconds = v }
        if let v = file.upstreamPoolSize { upstreamPoolSize = v }
        if let v = file.upstreamCAFile { upstreamCAFile = v }
        if let v = file.auditSynchronous { auditSynchronous = v }
        if let v = file.auditMaxBatch { auditMaxBatch = v }
        if let v = file.providers { providers = v }
        if let v = file.models { models = v }
        if let v = file.policy { defaultPolicy = v }
        if let v = file.logLevel { logLevel = v }
        try control.apply(yaml: yaml)
        if let v = file.payloadArchive { payloadArchive = v }
    }

    /// Applies `WORKJET_*` environment variables.
    public mutating func apply(environment: [String: String]) throws(GatewayError) {
        func int(_ key: String) throws(GatewayError) -> Int? {
            guard let raw = environment[key] else { return nil }
            guard let value = Int(raw) else { throw GatewayError(.invalidConfiguration, "\(key) must be an integer") }
            return value
        }
        func number(_ key: String) throws(GatewayError) -> Double? {
            guard let raw = environment[key] else { return nil }
            guard let value = Double(raw) else { throw GatewayError(.invalidConfiguration, "\(key) must be a number") }
            return value
        }
        if let v = environment["WORKJET_HOST"] { host = v }
        if let v = try int("WORKJET_PORT") { port = v }
        if let v = environment["WORKJET_DATABASE"] { databasePath = v }
        if let v = try int("WORKJET_MAX_BODY_BYTES") { maxBodyBytes = v }
        if let v = try number("WORKJET_UPSTREAM_TIMEOUT_SECONDS") { upstreamTimeoutSeconds = v }
        if let v = try number("WORKJET_IDLE_TIMEOUT_SECONDS") { idleTimeoutSeconds = v }
        if let v = environment["WORKJET_UPSTREAM_CA_FILE"] { upstreamCAFile = v.isEmpty ? nil : v }
        if let v = environment["WORKJET_AUDIT_SYNCHRONOUS"] { auditSynchronous = v }
        if let v = environment["WORKJET_LOG_LEVEL"] { logLevel = v }
    }

    /// What a YAML node is, for messages.
    static func kind(of node: Node) -> String {
        switch node {
        case .scalar: "single value"
        case .sequence: "list"
        default: "mapping"
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case let error as YamlError:
            // The parser's own words, with the line and column (the file holds no secrets: keys are named,
            // never written, in it).
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "malformed YAML"
        default:
            return "malformed YAML"
        }
    }
}
