import Foundation
import Hummingbird

/// `GET /admin/usage`: the caller's workspace's tokens and cost, grouped and filtered, with its budget
/// standing this month. Admins and owners only.
///
/// Query parameters: `from`, `until` (ms since 1970), `user`, `key_id`, `model`, `group_by`
/// (comma-separated: day, user, key, model; default all).
struct UsageRoutes {
    let admin: AdminController

    func add(to group: RouterGroup<GatewayRequestContext>) {
        let services = admin.services
        group.get("usage") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.admin)
            let q = request.uri.queryParameters
            var query = UsageQuery(workspaceID: principal.workspaceID)
            let audit = PolicyAuditRoutes(admin: admin)
            query.from = try audit.int64(q.get("from"), "from")
            query.until = try audit.int64(q.get("until"), "until")
            query.user = q.get("user")
            query.keyID = q.get("key_id")
            query.model = q.get("model")
            if let fields = q.get("group_by") { query.groupBy = try UsageQuery.fields(fields) }
            let rows = try await query.run(services.pool)
            let control = services.control
            var budgets: [BudgetView] = []
            let caps = try await control.caps.caps(workspaceID: principal.workspaceID).caps
            let accounts = control.budgets.accounts(principal, caps: caps, at: control.configuration.clock.wallMillis())
                .filter { $0.scope.kind == .workspace }
            for standing in try await control.budgets.standings(accounts) {
                budgets.append(BudgetView(standing, threshold: control.configuration.budgets.warningThreshold))
            }
            return UsageView(data: rows, budgets: budgets)
        }
    }
}

/// The answer of `GET /admin/usage`.
struct UsageView: ResponseEncodable {
    var data: [UsageQuery.Row]
    var budgets: [BudgetView]
}

/// A cap's standing this month.
struct BudgetView: Codable, Sendable {
    var scope: String
    var month: String
    var cap_usd: String
    var spent_usd: String
    var reserved_usd: String
    var used_percent: String
    var warning: Bool

    init(_ standing: BudgetStanding, threshold: Decimal) {
        scope = standing.account.scope.kind.rawValue
        month = standing.account.month
        cap_usd = DecimalText.format(standing.account.cap)
        spent_usd = DecimalText.format(standing.spent)
        reserved_usd = DecimalText.format(standing.reserved)
        used_percent = DecimalText.format(BudgetGuard.percent(standing.usedShare))
        warning = standing.usedShare >= threshold
    }
}
