import Foundation
import GRDB

/// Settled spend per scope and month, summed in decimal from the costs on the audit log (the durable
/// record of every metered request), so that budgets survive a restart.
enum AuditSpendLoader {
    static func spent(pool: DatabasePool, scope: BudgetScope, month: String) async throws -> Decimal {
        guard let range = BudgetMonth.range(month) else { return 0 }
        var sql = "SELECT cost FROM audit_log WHERE workspace_id = ? AND time >= ? AND time < ? AND cost IS NOT NULL"
        var arguments: StatementArguments = [scope.workspaceID, range.from, range.until]
        switch scope.kind {
        case .workspace: break
        case .key:
            sql += " AND key_id = ?"
            arguments += [scope.id]
        case .user:
            sql += " AND user = ?"
            arguments += [scope.id]
        }
        let (query, values) = (sql, arguments)
        let costs = try await pool.read { db in try String.fetchAll(db, sql: query, arguments: values) }
        return costs.reduce(Decimal(0)) { $0 + (DecimalText.parse($1) ?? 0) }
    }
}
