import Foundation

/// Model aliases served by ordered deployments, workspace tiers, retries and circuit breakers.
///
/// ```yaml
/// routing:
///   aliases:
///     smart:
///       - { provider: openai, model: gpt-4o, priority: 1 }
///       - { provider: azure, model: gpt-4o, priority: 1, weight: 3 }
///       - { provider: anthropic, model: claude-sonnet-4, priority: 2 }
///   tiers:                    # aliases each tier may use ("*": all); plain models are open to all
///     free: [cheap]
///     pro: [cheap, smart]
///   default_tier: free        # workspaces not listed below
///   workspaces: { acme: pro } # by workspace name
///   workspace_aliases:        # a workspace's own aliases (by name), beside or instead of the shared ones
///     acme:
///       smart: [{ provider: azure-acme, model: gpt-4o }]
///   max_attempts: 3
///   backoff_base_ms: 100
///   backoff_max_ms: 2000
///   breaker: { failures: 5, cooldown_seconds: 30 }
/// ```
public struct RoutingConfiguration: Sendable, Hashable, Decodable {
    /// One upstream that can serve an alias.
    public struct Deployment: Sendable, Hashable, Decodable {
        /// A provider name from `providers`.
        public var provider: String
        /// The model name sent upstream.
        public var model: String
        /// Lower is tried first. Default 1.
        public var priority: Int = 1
        /// Share among deployments of the same priority (weighted random order). Default 1.
        public var weight: Int = 1

        /// Creates a deployment.
        public init(provider: String, model: String, priority: Int = 1, weight: Int = 1) {
            self.provider = provider
            self.model = model
            self.priority = priority
            self.weight = weight
        }

        enum CodingKeys: String, CodingKey { case provider, model, priority, weight }

        /// Decodes with defaults for priority and weight.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            provider = try c.decode(String.self, forKey: .provider)
            model = try c.decode(String.self, forKey: .model)
            priority = try c.decodeIfPresent(Int.self, forKey: .priority) ?? 1
            weight = try c.decodeIfPresent(Int.self, forKey: .weight) ?? 1
        }

        /// `provider/model`, the breaker's and the audit record's name for it.
        public var id: String { "\(provider)/\(model)" }
    }

    /// Circuit-breaker settings.
    public struct Breaker: Sendable, Hashable, Decodable {
        /// Consecutive failures that open the circuit. Default 5.
        public var failures: Int = 5
        /// Seconds an open circuit waits before one probe request is let through. Default 30.
        public var cooldownSeconds: Double = 30

        /// Creates settings.
        public init(failures: Int = 5, cooldownSeconds: Double = 30) {
            self.failures = failures
            self.cooldownSeconds = cooldownSeconds
        }

        enum CodingKeys: String, CodingKey {
            case failures
            case cooldownSeconds = "cooldown_seconds"
        }

        /// Decodes with defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            failures = try c.decodeIfPresent(Int.self, forKey: .failures) ?? 5
            cooldownSeconds = try c.decodeIfPresent(Double.self, forKey: .cooldownSeconds) ?? 30
        }
    }

    /// Deployments by alias name. Default: none.
    public var aliases: [String: [Deployment]] = [:]
    /// Aliases each tier may use (`*` for all). Default: none (every workspace may use every alias).
    public var tiers: [String: [String]] = [:]
    /// Tier of workspaces not in ``workspaces``. Default `free` when tiers are configured.
    public var defaultTier: String = "free"
    /// Tier by workspace name. Default: none.
    public var workspaces: [String: String] = [:]
    /// Aliases of one workspace (by name), replacing a shared alias of the same name for it; a
    /// workspace may always use its own aliases, whatever its tier. Default: none.
    public var workspaceAliases: [String: [String: [Deployment]]] = [:]
    /// Upstream calls per request at most, across deployments. Default 3.
    public var maxAttempts: Int = 3
    /// First backoff before a retry, in milliseconds; doubled per attempt, with full jitter. Default 100.
    public var backoffBaseMilliseconds: Int = 100
    /// Longest backoff, in milliseconds. Default 2000.
    public var backoffMaxMilliseconds: Int = 2000
    /// Circuit breaker per deployment.
    public var breaker = Breaker()

    /// No aliases.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case aliases, tiers, workspaces, breaker
        case defaultTier = "default_tier"
        case workspaceAliases = "workspace_aliases"
        case maxAttempts = "max_attempts"
        case backoffBaseMilliseconds = "backoff_base_ms"
        case backoffMaxMilliseconds = "backoff_max_ms"
    }

    /// Decodes every key as optional.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        aliases = try c.decodeIfPresent([String: [Deployment]].self, forKey: .aliases) ?? [:]
        tiers = try c.decodeIfPresent([String: [String]].self, forKey: .tiers) ?? [:]
        defaultTier = try c.decodeIfPresent(String.self, forKey: .defaultTier) ?? "free"
        workspaces = try c.decodeIfPresent([String: String].self, forKey: .workspaces) ?? [:]
        workspaceAliases = try c.decodeIfPresent([String: [String: [Deployment]]].self, forKey: .workspaceAliases) ?? [:]
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? 3
        backoffBaseMilliseconds = try c.decodeIfPresent(Int.self, forKey: .backoffBaseMilliseconds) ?? 100
        backoffMaxMilliseconds = try c.decodeIfPresent(Int.self, forKey: .backoffMaxMilliseconds) ?? 2000
        breaker = try c.decodeIfPresent(Breaker.self, forKey: .breaker) ?? Breaker()
    }

    /// Every alias name, shared or a workspace's own.
    var allAliasNames: Set<String> {
        Set(aliases.keys).union(workspaceAliases.values.flatMap(\.keys))
    }

    /// Whether a workspace (by name) may use an alias.
    func allows(alias: String, workspaceName: String?) -> Bool {
        guard !tiers.isEmpty else { return true }
        let tier = workspaceName.flatMap { workspaces[$0] } ?? defaultTier
        guard let allowed = tiers[tier] else { return false }
        return allowed.contains("*") || allowed.contains(alias)
    }

    func validate(providers: Set<String>, models: Set<String>) throws(GatewayError) {
        func fail(_ message: String) -> GatewayError { GatewayError(.invalidConfiguration, "routing: " + message) }
        func check(_ aliases: [String: [Deployment]], _ owner: String) throws(GatewayError) {
            for (alias, deployments) in aliases {
                if models.contains(alias) { throw fail("\(owner)alias '\(alias)' is also the name of a model; pick one") }
                if deployments.isEmpty { throw fail("\(owner)alias '\(alias)' has no deployments") }
                for deployment in deployments {
                    guard providers.contains(deployment.provider) else {
                        throw fail("\(owner)alias '\(alias)' names provider '\(deployment.provider)', which is not defined under providers")
                    }
                    guard !deployment.model.isEmpty, deployment.model.count <= 200 else {
                        throw fail("\(owner)alias '\(alias)' has a deployment of '\(deployment.provider)' without a model")
                    }
                    guard (0...1000).contains(deployment.priority), (1...1000).contains(deployment.weight) else {
                        throw fail("\(owner)alias '\(alias)': priority must be 0…1000 and weight 1…1000")
                    }
                }
            }
        }
        try check(aliases, "")
        for (workspace, own) in workspaceAliases { try check(own, "workspace '\(workspace)' ") }
        for (tier, allowed) in tiers {
            for alias in allowed where alias != "*" && aliases[alias] == nil {
                throw fail("tier '\(tier)' names alias '\(alias)', which is not defined under routing.aliases")
            }
        }
        if !tiers.isEmpty, tiers[defaultTier] == nil { throw fail("default_tier '\(defaultTier)' is not one of the tiers") }
        for (workspace, tier) in workspaces where tiers[tier] == nil {
            throw fail("workspace '\(workspace)' has tier '\(tier)', which is not defined under routing.tiers")
        }
        guard (1...10).contains(maxAttempts) else { throw fail("max_attempts must be 1…10") }
        guard backoffBaseMilliseconds >= 0, backoffMaxMilliseconds >= backoffBaseMilliseconds, backoffMaxMilliseconds <= 60_000 else {
            throw fail("backoff_base_ms must be ≥ 0 and at most backoff_max_ms, itself at most 60000")
        }
        guard (1...1000).contains(breaker.failures), breaker.cooldownSeconds > 0, breaker.cooldownSeconds <= 86_400 else {
            throw fail("breaker.failures must be 1…1000 and breaker.cooldown_seconds above 0 and at most 86400")
        }
    }
}
