import Foundation
import GRDB
import Logging

/// What the `workjet keys` and `workjet audit` commands do, as library calls (tests call them too).
/// Each change is audited with user `cli`.
public struct OperatorTasks: Sendable {
    /// The database.
    public let pool: DatabasePool
    let store: SQLiteStore

    /// Opens the database of a configuration.
    public init(configuration: GatewayConfiguration, logger: Logger) throws {
        pool = try SQLiteDatabase.open(path: configuration.databasePath, synchronous: configuration.auditSynchronous, logger: logger)
        store = SQLiteStore(pool: pool)
    }

    /// Creates a key in the named workspace (creating the workspace if needed); returns the raw key, once.
    public func createKey(
        workspace name: String, role: Role, label: String = "cli", expiresInSeconds: Int64? = nil
    ) async throws -> KeyService.Created {
        let name = try Validation.name(name, what: "workspace name")
        var workspace = try await store.workspace(named: name)
        if workspace == nil {
            workspace = try await store.createWorkspace(name: name)
            try await audit("admin.workspace.create", workspaceID: workspace!.id, detail: #"{"name":"\#(name)"}"#)
        }
        let expiresAt = expiresInSeconds.map { WallClock.nowMillis() + $0 * 1000 }
        let created = try await KeyService(store: store).create(
            workspaceID: workspace!.id, role: role, name: label, expiresAt: expiresAt)
        try await audit("admin.key.create", workspaceID: workspace!.id, detail: #"{"key_id":"\#(created.record.id)","role":"\#(role.rawValue)"}"#)
        return created
    }

    /// Keys of the named workspace.
    public func listKeys(workspace name: String) async throws -> [APIKeyRecord] {
        guard let workspace = try await store.workspace(named: name) else {
            throw GatewayError(.notFound, "no workspace named '\(name)'")
        }
        return try await store.keys(workspaceID: workspace.id)
    }

    /// Revokes a key by id or display prefix.
    public func revokeKey(_ idOrPrefix: String) async throws -> APIKeyRecord {
        let matches = try await pool.read { db in
            try APIKeyRecord.filter(Column("id") == idOrPrefix || Column("prefix") == idOrPrefix).fetchAll(db)
        }
        guard matches.count == 1, let key = matches.first else {
            throw GatewayError(.notFound, matches.isEmpty ? "no key with id or prefix '\(idOrPrefix)'" : "the prefix matches several keys; use the id")
        }
        guard let revoked = try await store.revokeKey(workspaceID: key.workspaceID, keyID: key.id) else {
            throw GatewayError(.notFound, "the key disappeared")
        }
        try await audit("admin.key.revoke", workspaceID: key.workspaceID, detail: #"{"key_id":"\#(key.id)"}"#)
        return revoked
    }

    /// Workspace id for a name (for audit queries).
    public func workspaceID(named name: String) async throws -> String {
        guard let workspace = try await store.workspace(named: name) else {
            throw GatewayError(.notFound, "no workspace named '\(name)'")
        }
        return workspace.id
    }

    /// The archived payload of a request in the named workspace, decrypted with the configuration's key
    /// (``PayloadArchive/load(_:environment:)``); the read is audited.
    public func readPayload(
        workspace name: String, requestID: String, archive: PayloadArchiveConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> OpenedPayload {
        guard let archive = try PayloadArchive.load(archive, environment: environment) else {
            throw GatewayError(.notFound, "payload archival is not enabled in this configuration")
        }
        let workspaceID = try await workspaceID(named: name)
        guard let payload = try await archive.read(requestID: requestID, workspaceID: workspaceID, pool: pool) else {
            throw GatewayError(.notFound, "no archived payload for request \(requestID) in workspace '\(name)'")
        }
        try await audit("admin.audit.payload.read", workspaceID: workspaceID, detail: #"{"request_id":"\#(requestID)"}"#)
        return payload
    }

    private func audit(_ action: String, workspaceID: String, detail: String) async throws {
        var record = AuditRecord(requestID: UUID().uuidString.lowercased(), action: action, status: 200, workspaceID: workspaceID, user: "cli")
        record.detail = detail
        try await AuditLog.appendNow([record], pool: pool)
    }
}
