import Foundation

/// Monthly spending caps in USD (UTC calendar months), checked before a request is forwarded.
///
/// ```yaml
/// budgets:
///   workspace_monthly_usd: 100      # every workspace, unless it has its own below
///   key_monthly_usd: 20             # every API key
///   user_monthly_usd: 50            # every member
///   warning_threshold: 0.8
///   default_max_tokens: 4096
///   workspaces:
///     acme: { monthly_usd: 500, key_monthly_usd: 100 }
/// ```
public struct BudgetConfiguration: Sendable, Hashable, Decodable {
    /// Caps of one workspace (by name), replacing the defaults it names.
    public struct WorkspaceCaps: Sendable, Hashable, Decodable {
        /// The workspace's cap.
        public var monthlyUSD: Decimal?
        /// Each of its keys' cap.
        public var keyMonthlyUSD: Decimal?
        /// Each of its members' cap.
        public var userMonthlyUSD: Decimal?

        /// Creates caps.
        public init(monthlyUSD: Decimal? = nil, keyMonthlyUSD: Decimal? = nil, userMonthlyUSD: Decimal? = nil) {
            self.monthlyUSD = monthlyUSD
            self.keyMonthlyUSD = keyMonthlyUSD
            self.userMonthlyUSD = userMonthlyUSD
        }

        enum CodingKeys: String, CodingKey {
            case monthlyUSD = "monthly_usd"
            case keyMonthlyUSD = "key_monthly_usd"
            case userMonthlyUSD = "user_monthly_usd"
        }

        /// Decodes each amount from its text.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            monthlyUSD = try Self.amount(c, .monthlyUSD)
            keyMonthlyUSD = try Self.amount(c, .keyMonthlyUSD)
            userMonthlyUSD = try Self.amount(c, .userMonthlyUSD)
        }

        static func amount<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> Decimal? {
            guard c.contains(key), try !c.decodeNil(forKey: key) else { return nil }
            return try DecimalText.decode(from: c.superDecoder(forKey: key))
        }

        /// Checks each cap; `code` is `invalid_configuration` at load, `invalid_request` in the admin API.
        func validate(_ prefix: String, code: GatewayError.Code = .invalidConfiguration) throws(GatewayError) {
            try BudgetConfiguration.check(monthlyUSD, prefix + "monthly_usd", code)
            try BudgetConfiguration.check(keyMonthlyUSD, prefix + "key_monthly_usd", code)
            try BudgetConfiguration.check(userMonthlyUSD, prefix + "user_monthly_usd", code)
        }
    }

    /// Cap of every workspace without its own. Default: none.
    public var workspaceMonthlyUSD: Decimal?
    /// Cap of every API key. Default: none.
    public var keyMonthlyUSD: Decimal?
    /// Cap of every member (requests made with their keys). Default: none.
    public var userMonthlyUSD: Decimal?
    /// Caps by workspace name. Default: none.
    public var workspaces: [String: WorkspaceCaps] = [:]
    /// Share of a cap after which responses carry `X-Workjet-Budget-Warning`. Default 0.8.
    public var warningThreshold: Decimal = Decimal(string: "0.8")!
    /// Output tokens reserved for a request that sets no `max_tokens`. Default 4096.
    public var defaultMaxTokens: Int = 4096

    /// No caps.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case workspaces
        case workspaceMonthlyUSD = "workspace_monthly_usd"
        case keyMonthlyUSD = "key_monthly_usd"
        case userMonthlyUSD = "user_monthly_usd"
        case warningThreshold = "warning_threshold"
        case defaultMaxTokens = "default_max_tokens"
    }

    /// Decodes every key as optional, amounts from their text.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workspaceMonthlyUSD = try WorkspaceCaps.amount(c, .workspaceMonthlyUSD)
        keyMonthlyUSD = try WorkspaceCaps.amount(c, .keyMonthlyUSD)
        userMonthlyUSD = try WorkspaceCaps.amount(c, .userMonthlyUSD)
        workspaces = try c.decodeIfPresent([String: WorkspaceCaps].self, forKey: .workspaces) ?? [:]
        if let threshold = try WorkspaceCaps.amount(c, .warningThreshold) { warningThreshold = threshold }
        if let tokens = try c.decodeIfPresent(Int.self, forKey: .defaultMaxTokens) { defaultMaxTokens = tokens }
    }

    /// The largest cap accepted (USD per month); larger is more likely a typo than a budget.
    public static let maximumCap = Decimal(100_000_000)

    /// The caps that apply to a workspace (by name).
    func caps(workspaceName: String?) -> WorkspaceCaps {
        let own = workspaceName.flatMap { workspaces[$0] }
        return WorkspaceCaps(
            monthlyUSD: own?.monthlyUSD ?? workspaceMonthlyUSD, keyMonthlyUSD: own?.keyMonthlyUSD ?? keyMonthlyUSD,
            userMonthlyUSD: own?.userMonthlyUSD ?? userMonthlyUSD)
    }

    /// Whether any cap is configured.
    public var isEmpty: Bool {
        workspaceMonthlyUSD == nil && keyMonthlyUSD == nil && userMonthlyUSD == nil && workspaces.isEmpty
    }

    static func check(_ cap: Decimal?, _ path: String, _ code: GatewayError.Code) throws(GatewayError) {
        guard let cap else { return }
        if cap == 0 {
            throw GatewayError(code, "\(path) is 0, which would refuse every request; leave it out (or null) for no cap")
        }
        guard cap > 0, cap <= maximumCap else {
            throw GatewayError(code, "\(path) must be a positive amount up to \(maximumCap) USD (got \(cap))")
        }
    }

    func validate() throws(GatewayError) {
        try Self.check(workspaceMonthlyUSD, "budgets.workspace_monthly_usd", .invalidConfiguration)
        try Self.check(keyMonthlyUSD, "budgets.key_monthly_usd", .invalidConfiguration)
        try Self.check(userMonthlyUSD, "budgets.user_monthly_usd", .invalidConfiguration)
        for (name, caps) in workspaces { try caps.validate("budgets.workspaces.\(name).") }
        guard warningThreshold > 0, warningThreshold <= 1 else {
            throw GatewayError(.invalidConfiguration, "budgets.warning_threshold must be above 0 and at most 1 (got \(warningThreshold))")
        }
        guard (1...10_000_000).contains(defaultMaxTokens) else {
            throw GatewayError(.invalidConfiguration, "budgets.default_max_tokens must be between 1 and 10000000 (got \(defaultMaxTokens))")
        }
    }
}
