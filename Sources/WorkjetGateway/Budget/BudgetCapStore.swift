import Foundation
import GRDB
import Synchronization

/// Caps set through the admin API, per workspace id. A stored entry replaces the configured caps of
/// that workspace (a missing field there means no cap of that kind); removing it restores them.
public protocol BudgetCapStore: Sendable {
    /// The stored caps of a workspace, if any.
    func caps(workspaceID: String) async throws -> BudgetConfiguration.WorkspaceCaps?
    /// Stores (or, with nil, removes) a workspace's caps.
    func setCaps(_ caps: BudgetConfiguration.WorkspaceCaps?, workspaceID: String) async throws
}

/// ``BudgetCapStore`` in the gateway's SQLite database (table `budget_caps`, amounts as decimal text).
struct SQLiteBudgetCapStore: BudgetCapStore {
    let pool: DatabasePool

    func caps(workspaceID: String) async throws -> BudgetConfiguration.WorkspaceCaps? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT monthly_usd, key_monthly_usd, user_monthly_usd FROM budget_caps WHERE workspace_id = ?",
                arguments: [workspaceID])
            else { return nil }
            func amount(_ index: Int) -> Decimal? { (row[index] as String?).flatMap(DecimalText.parse) }
            return BudgetConfiguration.WorkspaceCaps(monthlyUSD: amount(0), keyMonthlyUSD: amount(1), userMonthlyUSD: amount(2))
        }
    }

    func setCaps(_ caps: BudgetConfiguration.WorkspaceCaps?, workspaceID: String) async throws {
        try await pool.write { db in
            guard let caps else {
                try db.execute(sql: "DELETE FROM budget_caps WHERE workspace_id = ?", arguments: [workspaceID])
                return
            }
            try db.execute(
                sql: """
                    INSERT INTO budget_caps (workspace_id, monthly_usd, key_monthly_usd, user_monthly_usd, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(workspace_id) DO UPDATE SET monthly_usd = excluded.monthly_usd,
                        key_monthly_usd = excluded.key_monthly_usd, user_monthly_usd = excluded.user_monthly_usd,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    workspaceID, caps.monthlyUSD.map(DecimalText.format), caps.keyMonthlyUSD.map(DecimalText.format),
                    caps.userMonthlyUSD.map(DecimalText.format), WallClock.nowMillis(),
                ])
        }
    }

    /// The table, registered as a migration of the gateway database.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE budget_caps (
                workspace_id TEXT PRIMARY KEY NOT NULL REFERENCES workspaces(id),
                monthly_usd TEXT, key_monthly_usd TEXT, user_monthly_usd TEXT, updated_at INTEGER NOT NULL);
            """)
    }
}

/// The caps in force for a workspace: stored ones (cached; this process is the only writer) or the
/// configured ones by workspace name.
final class BudgetCaps: Sendable {
    let configuration: BudgetConfiguration
    let store: any BudgetCapStore
    let names: WorkspaceNames
    private let cache = Mutex<[String: BudgetConfiguration.WorkspaceCaps?]>([:])

    init(configuration: BudgetConfiguration, store: any BudgetCapStore, names: WorkspaceNames) {
        self.configuration = configuration
        self.store = store
        self.names = names
    }

    /// The caps of a workspace, and whether they were set through the admin API.
    func caps(workspaceID: String) async throws -> (caps: BudgetConfiguration.WorkspaceCaps, stored: Bool) {
        let cached = cache.withLock { $0[workspaceID] }
        let stored: BudgetConfiguration.WorkspaceCaps?
        if let cached { stored = cached } else {
            stored = try await store.caps(workspaceID: workspaceID)
            cache.withLock { $0[workspaceID] = .some(stored) }
        }
        if let stored { return (stored, true) }
        let name = configuration.workspaces.isEmpty ? nil : try await names.name(of: workspaceID)
        return (configuration.caps(workspaceName: name), false)
    }

    /// Stores (nil: removes) a workspace's caps.
    func set(_ caps: BudgetConfiguration.WorkspaceCaps?, workspaceID: String) async throws {
        try await store.setCaps(caps, workspaceID: workspaceID)
        cache.withLock { $0[workspaceID] = .some(caps) }
    }
}
