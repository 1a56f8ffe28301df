import Foundation

/// Storage for tenancy, keys and policies. Every query that reads tenant data takes the workspace id.
///
/// SQLite (``SQLiteStore``) implements it now; a PostgreSQL store can come later behind the same protocol.
public protocol GatewayStore: Sendable {
    /// Creates a workspace; throws `conflict` if the name is taken.
    func createWorkspace(name: String) async throws -> Workspace
    /// A workspace by id.
    func workspace(id: String) async throws -> Workspace?
    /// A workspace by name.
    func workspace(named name: String) async throws -> Workspace?

    /// Adds a member; throws `conflict` if the name is taken in the workspace.
    func addMember(workspaceID: String, name: String, role: Role) async throws -> Member
    /// Members of a workspace.
    func members(workspaceID: String) async throws -> [Member]
    /// Changes a member's role; nil when the member is not in the workspace.
    func setRole(workspaceID: String, memberID: String, role: Role) async throws -> Member?
    /// Removes a member and revokes their keys; false when not in the workspace.
    func removeMember(workspaceID: String, memberID: String) async throws -> Bool

    /// Stores a new key record.
    func insertKey(_ key: APIKeyRecord) async throws
    /// The key with this SHA-256, in any workspace (authentication).
    func key(hash: Data) async throws -> APIKeyRecord?
    /// A number that changes whenever a stored key loses or changes its access (revoked, expiry, role,
    /// workspace or member changed, deleted), by this process or any other; nil when the store has none,
    /// which turns ``KeyService``'s cache off. Read on every request, so it must be cheap.
    func keyRevision() async throws -> Int64?
    /// Keys of a workspace.
    func keys(workspaceID: String) async throws -> [APIKeyRecord]
    /// Revokes a key of the workspace; nil when the key is not in the workspace.
    func revokeKey(workspaceID: String, keyID: String) async throws -> APIKeyRecord?

    /// The workspace's policy document (JSON), if it set one.
    func policy(workspaceID: String) async throws -> String?
    /// Stores the workspace's policy document.
    func setPolicy(workspaceID: String, document: String) async throws

    /// Whether the store answers (readiness).
    func ping() async throws
}
