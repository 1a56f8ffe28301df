import Foundation
import Logging

/// A reservation held while a request is in flight; settled exactly once.
public struct BudgetHold: Sendable {
    /// The accounts reserved in.
    public var accounts: [BudgetAccount]
    /// The amount reserved in each.
    public var amount: Decimal
    /// Accounts at or past the warning threshold after the reservation, as `kind=share` pairs.
    public var warnings: [String]
}

/// Applies ``BudgetConfiguration`` to requests: which accounts a request draws on, what its maximum cost
/// is, and the reserve-then-settle protocol around the upstream call.
public struct BudgetGuard: Sendable {
    /// The caps.
    public let configuration: BudgetConfiguration
    let store: any BudgetStore
    let clock: any ControlClock
    let logger: Logger

    /// Creates a guard over a store.
    public init(configuration: BudgetConfiguration, store: any BudgetStore, clock: any ControlClock, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// The accounts a principal's requests draw on this month.
    func accounts(_ principal: Principal, caps: BudgetConfiguration.WorkspaceCaps, at millis: Int64) -> [BudgetAccount] {
        let month = BudgetMonth.of(millis: millis)
        var accounts: [BudgetAccount] = []
        let workspace = principal.workspaceID
        if let cap = caps.monthlyUSD {
            accounts.append(BudgetAccount(scope: BudgetScope(kind: .workspace, workspaceID: workspace, id: workspace), month: month, cap: cap))
        }
        if let cap = caps.keyMonthlyUSD {
            accounts.append(BudgetAccount(scope: BudgetScope(kind: .key, workspaceID: workspace, id: principal.keyID), month: month, cap: cap))
        }
        if let cap = caps.userMonthlyUSD, let member = principal.memberID {
            accounts.append(BudgetAccount(scope: BudgetScope(kind: .user, workspaceID: workspace, id: member), month: month, cap: cap))
        }
        return accounts
    }

    /// The most a request can cost: every byte of the forwarded body counted as an input token (no
    /// tokenizer yields more tokens than bytes) plus `max_tokens` (or the default) output tokens.
    func maximumCost(bodyBytes: Int, maxOutputTokens: Int?, rates: TokenRates) -> Decimal {
        let usage = TokenUsage(inputTokens: bodyBytes, outputTokens: maxOutputTokens ?? configuration.defaultMaxTokens)
        return rates.cost(of: usage)
    }

    /// Reserves the request's maximum cost in every account; throws `budget_exceeded` naming the account
    /// that cannot take it. Nil when no cap applies.
    func reserve(
        _ amount: Decimal, principal: Principal, caps: BudgetConfiguration.WorkspaceCaps, at millis: Int64
    ) async throws -> BudgetHold? {
        let accounts = accounts(principal, caps: caps, at: millis)
        guard !accounts.isEmpty else { return nil }
        let result = try await store.reserve(amount, in: accounts)
        guard result.reserved else {
            let full = result.standings.first { $0.spent + $0.reserved + amount > $0.account.cap } ?? result.standings[0]
            throw GatewayError(
                .budgetExceeded,
                "the monthly budget of this \(full.account.scope.kind.rawValue) is exhausted: \(DecimalText.format(full.spent + full.reserved)) of \(DecimalText.format(full.account.cap)) USD spent or reserved in \(full.account.month), and this request may cost up to \(DecimalText.format(amount)) USD; lower max_tokens or ask an administrator to raise the cap")
        }
        let warnings = result.standings.filter { $0.usedShare >= configuration.warningThreshold }.map {
            "\($0.account.scope.kind.rawValue)=\(DecimalText.format(Self.percent($0.usedShare)))%"
        }
        return BudgetHold(accounts: accounts, amount: amount, warnings: warnings)
    }

    /// Replaces the reservation by the actual cost. A store failure is logged: the answer is already out.
    func settle(_ hold: BudgetHold, actual: Decimal) async {
        do { try await store.settle(reserved: hold.amount, actual: actual, in: hold.accounts) } catch {
            logger.error("budget store failed to settle", metadata: ["error.type": "\(type(of: error))"])
        }
    }

    /// Standings of a workspace's own account (usage reports).
    func standings(_ accounts: [BudgetAccount]) async throws -> [BudgetStanding] {
        try await store.standings(accounts)
    }

    static func percent(_ share: Decimal) -> Decimal {
        var value = share * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 1, .down)
        return rounded
    }
}
