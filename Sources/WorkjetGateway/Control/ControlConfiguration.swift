import Foundation
import Yams

/// The gateway's controls over money and capacity: trusted proxies, rate limits, prices and budget caps.
///
/// Read from the same YAML file as ``GatewayConfiguration``, from its own top-level keys:
///
/// ```yaml
/// trusted_proxies: [10.0.0.0/8]
/// rate_limits:
///   per_key: { requests_per_minute: 600, tokens_per_minute: 200000 }
///   per_ip: { requests_per_minute: 1200 }
/// pricing:
///   models:
///     gpt-4o-mini: { input: 0.15, output: 0.60, cached_input: 0.075 }
/// budgets:
///   workspace_monthly_usd: 100
/// ```
public struct ControlConfiguration: Sendable {
    /// Proxies whose `X-Forwarded-For` is believed (addresses or CIDR blocks). Default: none, so the
    /// client address is always the socket's peer.
    public var trustedProxies: [String] = []
    /// Rate limits. Default: none.
    public var rateLimits = RateLimitConfiguration()
    /// Token prices. Default: none (requests are metered in tokens, cost 0).
    public var pricing = PricingConfiguration()
    /// Monthly caps. Default: none.
    public var budgets = BudgetConfiguration()
    /// Aliases, tiers, retries and circuit breakers. Default: no aliases, 3 attempts, breaker after 5 failures.
    public var routing = RoutingConfiguration()
    /// The time source of limits and budgets. Default: the system clock; tests hold time still.
    public var clock: any ControlClock = SystemControlClock()

    /// The defaults.
    public init() {}

    struct File: Decodable {
        var trustedProxies: [String]?
        var rateLimits: RateLimitConfiguration?
        var pricing: PricingConfiguration?
        var budgets: BudgetConfiguration?
        var routing: RoutingConfiguration?

        enum CodingKeys: String, CodingKey {
            case pricing, budgets, routing
            case trustedProxies = "trusted_proxies"
            case rateLimits = "rate_limits"
        }
    }

    /// Applies the control keys present in a YAML document (other keys are ignored).
    public mutating func apply(yaml: String) throws(GatewayError) {
        let file: File
        do { file = try YAMLDecoder().decode(File.self, from: yaml) } catch {
            throw GatewayError(.invalidConfiguration, "configuration is not valid: \(GatewayConfiguration.describe(error))")
        }
        if let v = file.trustedProxies { trustedProxies = v }
        if let v = file.rateLimits { rateLimits = v }
        if let v = file.pricing { pricing = v }
        if let v = file.budgets { budgets = v }
        if let v = file.routing { routing = v }
    }

    /// The parsed trusted proxies.
    func trustedBlocks() throws(GatewayError) -> [CIDR] {
        var blocks: [CIDR] = []
        for text in trustedProxies { blocks.append(try CIDR(text)) }
        return blocks
    }

    /// Checks every value against the configured model and provider names.
    func validate(models: Set<String>, providers: Set<String>) throws(GatewayError) {
        _ = try trustedBlocks()
        try rateLimits.validate()
        try routing.validate(providers: providers, models: models)
        try pricing.validate(knownModels: models.union(routing.allAliasNames))
        try budgets.validate()
    }
}
