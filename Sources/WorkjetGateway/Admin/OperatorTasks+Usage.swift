import Foundation

extension OperatorTasks {
    /// Usage rows of the named workspace (`workjet usage`); `configure` sets filters and grouping.
    public func usage(workspace name: String, _ configure: (inout UsageQuery) -> Void) async throws -> [UsageQuery.Row] {
        var query = UsageQuery(workspaceID: try await workspaceID(named: name))
        configure(&query)
        return try await query.run(pool)
    }

    /// The named workspace's settled spend this month against its configured cap (nil cap: none).
    /// Reservations in flight live in the running gateway; `GET /admin/usage` reports those too.
    public func budgetStanding(
        workspace name: String, budgets: BudgetConfiguration, at millis: Int64 = WallClock.nowMillis()
    ) async throws -> (month: String, spent: Decimal, cap: Decimal?) {
        let id = try await workspaceID(named: name)
        let month = BudgetMonth.of(millis: millis)
        let spent = try await AuditSpendLoader.spent(pool: pool, scope: BudgetScope(kind: .workspace, workspaceID: id, id: id), month: month)
        return (month, spent, budgets.caps(workspaceName: name).monthlyUSD)
    }
}
