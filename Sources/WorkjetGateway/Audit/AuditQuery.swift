import Foundation
import GRDB

/// A filter over the audit log, always scoped to a workspace when one is given.
public struct AuditQuery: Sendable, Hashable {
    /// Only this workspace's records (the admin API always sets it).
    public var workspaceID: String?
    /// Action, for example `chat.completions` or a prefix ending in `*` (`admin.*`).
    public var action: String?
    /// User (member name).
    public var user: String?
    /// API key id.
    public var keyID: String?
    /// From this time (ms since 1970, inclusive).
    public var from: Int64?
    /// Until this time (ms since 1970, exclusive).
    public var until: Int64?
    /// Records after this sequence number (pagination cursor).
    public var afterSeq: Int64?
    /// Page size (1…1000). Default 100.
    public var limit: Int = 100

    /// An unfiltered query.
    public init() {}

    func sql() -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        func add(_ clause: String, _ value: some DatabaseValueConvertible) {
            clauses.append(clause)
            arguments += [value]
        }
        if let workspaceID { add("workspace_id = ?", workspaceID) }
        if let action {
            if action.hasSuffix("*") { add("action LIKE ?", String(action.dropLast()) + "%") } else { add("action = ?", action) }
        }
        if let user { add("user = ?", user) }
        if let keyID { add("key_id = ?", keyID) }
        if let from { add("time >= ?", from) }
        if let until { add("time < ?", until) }
        if let afterSeq { add("seq > ?", afterSeq) }
        let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return ("SELECT * FROM audit_log\(filter) ORDER BY seq LIMIT \(max(1, min(limit, 1000)))", arguments)
    }

    /// One page of matching records.
    public func run(_ pool: DatabasePool) async throws -> [AuditRecord] {
        let (sql, arguments) = sql()
        return try await pool.read { db in try AuditRecord.fetchAll(db, sql: sql, arguments: arguments) }
    }
}
