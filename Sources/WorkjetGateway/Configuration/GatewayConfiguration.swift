import Foundation
import WorkjetEngine

/// Everything `workjet serve` needs, with documented defaults.
///
/// Loaded from a YAML file (``load(file:environment:)``), then overridden by environment variables:
///
/// | Variable | Field |
/// |---|---|
/// | `WORKJET_HOST` | ``host`` |
/// | `WORKJET_PORT` | ``port`` |
/// | `WORKJET_DATABASE` | ``databasePath`` |
/// | `WORKJET_MAX_BODY_BYTES` | ``maxBodyBytes`` |
/// | `WORKJET_UPSTREAM_TIMEOUT_SECONDS` | ``upstreamTimeoutSeconds`` |
/// | `WORKJET_IDLE_TIMEOUT_SECONDS` | ``idleTimeoutSeconds`` |
/// | `WORKJET_UPSTREAM_CA_FILE` | ``upstreamCAFile`` |
/// | `WORKJET_AUDIT_SYNCHRONOUS` | ``auditSynchronous`` |
///
/// Provider API keys are never written in the file: a provider names the environment variable
/// (``ProviderConfiguration/apiKeyEnvironment``) that holds its key.
///
/// ```yaml
/// port: 8080
/// database: workjet.sqlite
/// providers:
///   - { name: echo, kind: echo }
/// models:
///   - { name: gpt-4o-mini, provider: echo }
/// ```
public struct GatewayConfiguration: Sendable {
    /// Address to bind. Default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free port. Default 8080.
    public var port: Int = 8080
    /// SQLite database file (WAL mode); `:memory:` is not supported because WAL needs a file. Default `workjet.sqlite`.
    public var databasePath: String = "workjet.sqlite"
    /// Largest request body accepted, in bytes; larger bodies get 413. Default 4 MiB.
    public var maxBodyBytes: Int = 4 * 1024 * 1024
    /// Total time allowed for an upstream call (headers and body), in seconds; exceeded gives 504. Default 120.
    public var upstreamTimeoutSeconds: Double = 120
    /// A client connection that sends nothing for this many seconds while none of its requests is being
    /// answered is closed: a kept-alive connection left idle, or a request that stalls half-sent. Default 60.
    public var idleTimeoutSeconds: Double = 60
    /// Time allowed to connect to an upstream, in seconds. Default 10.
    public var upstreamConnectTimeoutSeconds: Double = 10
    /// Idle connections kept per upstream host (scheme, host and port) on each event loop. Default 16.
    public var upstreamPoolSize: Int = 16
    /// A PEM file of certificate authorities trusted for `https` upstreams besides the system's (a private CA,
    /// a TLS-inspecting egress proxy). Default none.
    public var upstreamCAFile: String?
    /// SQLite `synchronous` for the audit database: `full` (default; a committed record survives power loss)
    /// or `normal` (survives a process crash, not necessarily a power loss).
    public var auditSynchronous: String = "full"
    /// Largest number of audit records committed in one transaction. Default 512.
    public var auditMaxBatch: Int = 512
    /// Upstream providers by name.
    public var providers: [ProviderConfiguration] = [ProviderConfiguration(name: "echo", kind: .echo)]
    /// Models clients may request and the provider serving each.
    public var models: [ModelConfiguration] = [ModelConfiguration(name: "echo-1", provider: "echo")]
    /// The DLP policy of workspaces that have not set their own.
    public var defaultPolicy: PolicyDocument = .standard
    /// Encrypted archival of full payloads (after DLP). Default off.
    public var payloadArchive = PayloadArchiveConfiguration()
    /// Log level (`trace` … `critical`). Default `info`.
    public var logLevel: String = "info"
    /// Trusted proxies, rate limits, prices and budget caps (their own top-level YAML keys).
    public var control = ControlConfiguration()

    /// The defaults.
    public init() {}

    /// Checks references between providers and models; throws ``GatewayError`` with code `invalid_configuration`.
    public func validate() throws(GatewayError) {
        var names = Set<String>()
        for provider in providers {
            guard names.insert(provider.name).inserted else {
                throw GatewayError(.invalidConfiguration, "provider '\(provider.name)' is defined twice")
            }
            if provider.kind != .echo, provider.baseURL == nil {
                throw GatewayError(.invalidConfiguration, "provider '\(provider.name)' needs a base_url")
            }
        }
        var models = Set<String>()
        for model in self.models {
            guard names.contains(model.provider) else {
                throw GatewayError(
                    .invalidConfiguration, "model '\(model.name)' names provider '\(model.provider)', which is not defined")
            }
            guard models.insert(model.name).inserted else {
                throw GatewayError(.invalidConfiguration, "model '\(model.name)' is defined twice")
            }
        }
        guard maxBodyBytes > 0, upstreamTimeoutSeconds > 0, auditMaxBatch > 0 else {
            throw GatewayError(.invalidConfiguration, "max_body_bytes, upstream_timeout_seconds and audit_max_batch must be positive")
        }
        // Over a day it is a mistake (or seconds taken for milliseconds); NaN fails the comparison too.
        guard idleTimeoutSeconds > 0, idleTimeoutSeconds <= 86_400 else {
            throw GatewayError(.invalidConfiguration, "idle_timeout_seconds must be more than 0 and at most 86400, got \(idleTimeoutSeconds)")
        }
        guard ["full", "normal"].contains(auditSynchronous) else {
            throw GatewayError(.invalidConfiguration, "audit_synchronous must be 'full' or 'normal'")
        }
        try defaultPolicy.validate()
        try control.validate(models: models, providers: names)
        try payloadArchive.validate()
    }
}

/// An upstream provider.
public struct ProviderConfiguration: Sendable, Hashable, Codable {
    /// The kinds of upstream the gateway can call.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Built in: answers with the (scanned) prompt; needs no network. For demos and tests.
        case echo
        /// An OpenAI-compatible API (`POST {base_url}/chat/completions`).
        case openai
        /// Anthropic's Messages API (`POST {base_url}/v1/messages`).
        case anthropic
    }

    /// Unique name models refer to.
    public var name: String
    /// What kind of API it speaks.
    public var kind: Kind
    /// Base URL, for example `https://api.openai.com/v1` or `https://api.anthropic.com`. Not needed for `echo`.
    public var baseURL: String?
    /// Name of the environment variable holding the provider's API key (never the key itself).
    public var apiKeyEnvironment: String?

    /// Creates a provider configuration.
    public init(name: String, kind: Kind, baseURL: String? = nil, apiKeyEnvironment: String? = nil) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.apiKeyEnvironment = apiKeyEnvironment
    }

    enum CodingKeys: String, CodingKey {
        case name, kind
        case baseURL = "base_url"
        case apiKeyEnvironment = "api_key_env"
    }
}

/// A model clients may request.
public struct ModelConfiguration: Sendable, Hashable, Codable {
    /// The name clients send in `model`.
    public var name: String
    /// The provider serving it.
    public var provider: String
    /// The model name sent upstream; default: ``name``.
    public var upstreamModel: String?

    /// Creates a model configuration.
    public init(name: String, provider: String, upstreamModel: String? = nil) {
        self.name = name
        self.provider = provider
        self.upstreamModel = upstreamModel
    }

    enum CodingKeys: String, CodingKey {
        case name, provider
        case upstreamModel = "upstream_model"
    }
}
