import GRDB
import Logging

/// Rate limits, metering and budgets, built once from ``ControlConfiguration``.
public final class GatewayControl: Sendable {
    /// The configuration in force.
    public let configuration: ControlConfiguration
    /// Client addresses.
    public let addresses: ClientAddressResolver
    /// Rate limits.
    public let limiter: RateLimiter
    /// Budget caps.
    public let budgets: BudgetGuard
    /// Budget caps in force per workspace (stored through the admin API, else configured).
    let caps: BudgetCaps
    /// Circuit breakers per deployment.
    public let breakers: CircuitBreakers
    /// Backoff between upstream attempts.
    public let backoff: Backoff
    let names: WorkspaceNames

    /// Builds the controls with in-process stores; budgets are seeded from the audit log in `pool`.
    init(configuration: ControlConfiguration, pool: DatabasePool, store: any GatewayStore, logger: Logger) throws(GatewayError) {
        self.configuration = configuration
        addresses = ClientAddressResolver(trusted: try configuration.trustedBlocks())
        limiter = RateLimiter(
            configuration: configuration.rateLimits, store: InProcessRateLimitStore(), clock: configuration.clock, logger: logger)
        let budgetStore = InProcessBudgetStore { scope, month in
            try await AuditSpendLoader.spent(pool: pool, scope: scope, month: month)
        }
        budgets = BudgetGuard(configuration: configuration.budgets, store: budgetStore, clock: configuration.clock, logger: logger)
        names = WorkspaceNames(store: store)
        caps = BudgetCaps(configuration: configuration.budgets, store: SQLiteBudgetCapStore(pool: pool), names: names)
        breakers = CircuitBreakers(configuration.routing.breaker)
        backoff = Backoff(
            baseMilliseconds: configuration.routing.backoffBaseMilliseconds, maxMilliseconds: configuration.routing.backoffMaxMilliseconds)
    }

    /// The rates for a model in a workspace, if priced.
    func rates(model: String, workspaceID: String) async throws -> TokenRates? {
        let pricing = configuration.pricing
        guard !pricing.models.isEmpty || !pricing.workspaces.isEmpty else { return nil }
        let name = pricing.workspaces.isEmpty ? nil : try await names.name(of: workspaceID)
        return pricing.rates(model: model, workspaceName: name)
    }
}
