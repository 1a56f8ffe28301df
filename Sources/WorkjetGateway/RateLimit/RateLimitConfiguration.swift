/// Requests and tokens per minute for one kind of caller (a key, or a client IP). `nil` means no limit.
///
/// ```yaml
/// rate_limits:
///   per_key: { requests_per_minute: 600, tokens_per_minute: 200000 }
///   per_ip:  { requests_per_minute: 1200 }
/// ```
public struct RateLimitRule: Sendable, Hashable, Codable {
    /// Requests admitted per minute, with bursts up to the same number. Default: no limit.
    public var requestsPerMinute: Int?
    /// Upstream tokens (input + output, as the provider reports them) per minute. A request is admitted
    /// while the allowance is not used up; its tokens are charged when the response is metered, so one
    /// large answer can put the caller in debt until the allowance refills. Default: no limit.
    public var tokensPerMinute: Int?

    /// Creates a rule.
    public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }

    enum CodingKeys: String, CodingKey {
        case requestsPerMinute = "requests_per_minute"
        case tokensPerMinute = "tokens_per_minute"
    }

    /// Whether the rule limits anything.
    public var isEmpty: Bool { requestsPerMinute == nil && tokensPerMinute == nil }

    func validate(_ name: String) throws(GatewayError) {
        for (field, value) in [("requests_per_minute", requestsPerMinute), ("tokens_per_minute", tokensPerMinute)] {
            guard let value else { continue }
            guard value > 0, value <= 1_000_000_000 else {
                throw GatewayError(
                    .invalidConfiguration,
                    "rate_limits.\(name).\(field) must be between 1 and 1000000000 (got \(value)); leave it out for no limit")
            }
        }
    }
}

/// The rate limits in force.
public struct RateLimitConfiguration: Sendable, Hashable, Codable {
    /// Limits per API key. Default: none.
    public var perKey = RateLimitRule()
    /// Limits per client IP address (see ``ControlConfiguration/trustedProxies``). Default: none.
    public var perIP = RateLimitRule()

    /// No limits.
    public init(perKey: RateLimitRule = RateLimitRule(), perIP: RateLimitRule = RateLimitRule()) {
        self.perKey = perKey
        self.perIP = perIP
    }

    enum CodingKeys: String, CodingKey {
        case perKey = "per_key"
        case perIP = "per_ip"
    }

    /// Decodes either key as optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        perKey = try container.decodeIfPresent(RateLimitRule.self, forKey: .perKey) ?? RateLimitRule()
        perIP = try container.decodeIfPresent(RateLimitRule.self, forKey: .perIP) ?? RateLimitRule()
    }

    func validate() throws(GatewayError) {
        try perKey.validate("per_key")
        try perIP.validate("per_ip")
    }
}
