import Foundation
import GRDB

/// ``GatewayStore`` on SQLite through GRDB.
public struct SQLiteStore: GatewayStore {
    /// The database.
    public let pool: DatabasePool
    /// The per-request revision read, on a connection of its own.
    let revisionReader: KeyRevisionReader

    /// Wraps an open database (see ``SQLiteDatabase/open(path:synchronous:logger:)``).
    public init(pool: DatabasePool) {
        self.pool = pool
        revisionReader = KeyRevisionReader(path: pool.path)
    }

    public func createWorkspace(name: String) async throws -> Workspace {
        let workspace = Workspace(name: name)
        try await write { db in
            guard try Workspace.filter(Column("name") == name).fetchCount(db) == 0 else {
                throw GatewayError(.conflict, "a workspace named '\(name)' exists")
            }
            try workspace.insert(db)
        }
        return workspace
    }

    public func workspace(id: String) async throws -> Workspace? {
        try await pool.read { db in try Workspace.fetchOne(db, key: id) }
    }

    public func workspace(named name: String) async throws -> Workspace? {
        try await pool.read { db in try Workspace.filter(Column("name") == name).fetchOne(db) }
    }

    public func addMember(workspaceID: String, name: String, role: Role) async throws -> Member {
        let member = Member(workspaceID: workspaceID, name: name, role: role)
        try await write { db in
            let taken = try Member.filter(Column("workspace_id") == workspaceID && Column("name") == name).fetchCount(db)
            guard taken == 0 else { throw GatewayError(.conflict, "a member named '\(name)' exists in this workspace") }
            try member.insert(db)
        }
        return member
    }

    public func members(workspaceID: String) async throws -> [Member] {
        try await pool.read { db in
            try Member.filter(Column("workspace_id") == workspaceID).order(Column("created_at")).fetchAll(db)
        }
    }

    public func setRole(workspaceID: String, memberID: String, role: Role) async throws -> Member? {
        try await write { db in
            guard var member = try Member.filter(Column("workspace_id") == workspaceID && Column("id") == memberID).fetchOne(db)
            else { return nil }
            member.role = role
            try member.update(db)
            return member
        }
    }

    public func removeMember(workspaceID: String, memberID: String) async throws -> Bool {
        try await write { db in
            let now = WallClock.nowMillis()
            guard try Member.filter(Column("workspace_id") == workspaceID && Column("id") == memberID).fetchCount(db) == 1
            else { return false }
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at = ?, member_id = NULL WHERE workspace_id = ? AND member_id = ? AND revoked_at IS NULL",
                arguments: [now, workspaceID, memberID])
            try db.execute(sql: "UPDATE api_keys SET member_id = NULL WHERE workspace_id = ? AND member_id = ?", arguments: [workspaceID, memberID])
            try db.execute(sql: "DELETE FROM members WHERE workspace_id = ? AND id = ?", arguments: [workspaceID, memberID])
            return true
        }
    }

    public func insertKey(_ key: APIKeyRecord) async throws {
        try await write { db in try key.insert(db) }
    }

    public func key(hash: Data) async throws -> APIKeyRecord? {
        // A cached prepared statement, not a query built and compiled each time (the query-interface version
        // showed in the gateway benchmark's profile).
        try await pool.read { db in
            try APIKeyRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM api_keys WHERE hash = ?"), arguments: [hash])
        }
    }

    // Both per-request reads await GRDB rather than calling its synchronous `read` on the request's thread.
    // The synchronous read waits on GRDB's reader pool with a semaphore; an asynchronous read holds its reader
    // until its task resumes on a Swift concurrency thread, so with every such thread (two on a 2-core machine)
    // blocked in a synchronous read, nothing released a reader and the gateway test suite hung.
    // The revision, read on every request, now goes through ``KeyRevisionReader``'s own connection instead.
    public func keyRevision() async throws -> Int64? {
        if case .some(let revision) = try revisionReader.revision() { return revision }
        return try await pool.read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM api_key_revision WHERE id = 1")) }
    }

    public func keys(workspaceID: String) async throws -> [APIKeyRecord] {
        try await pool.read { db in
            try APIKeyRecord.filter(Column("workspace_id") == workspaceID).order(Column("created_at")).fetchAll(db)
        }
    }

    public func revokeKey(workspaceID: String, keyID: String) async throws -> APIKeyRecord? {
        try await write { db in
            guard var key = try APIKeyRecord.filter(Column("workspace_id") == workspaceID && Column("id") == keyID).fetchOne(db)
            else { return nil }
            if key.revokedAt == nil {
                key.revokedAt = WallClock.nowMillis()
                try key.update(db)
            }
            return key
        }
    }

    public func policy(workspaceID: String) async throws -> String? {
        try await pool.read { db in try PolicyRow.fetchOne(db, key: workspaceID)?.document }
    }

    public func setPolicy(workspaceID: String, document: String) async throws {
        try await write { db in
            try PolicyRow(workspaceID: workspaceID, document: document, updatedAt: WallClock.nowMillis()).save(db)
        }
    }

    public func ping() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// A write transaction whose SQLite errors become ``GatewayError`` (`storage_error`), keeping gateway errors.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw GatewayError(.storage, "database write failed: \(SQLiteDatabase.reason(error))")
        }
    }
}
