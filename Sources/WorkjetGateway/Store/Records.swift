import Foundation
import GRDB

/// A tenant: keys, members, policies and audit records all belong to exactly one workspace.
public struct Workspace: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// Primary key (UUID text).
    public var id: String
    /// Unique, human-chosen name.
    public var name: String
    /// Creation time, milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a workspace value.
    public init(id: String = UUID().uuidString.lowercased(), name: String, createdAt: Int64 = WallClock.nowMillis()) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }

    /// The table name.
    public static let databaseTableName = "workspaces"
    enum CodingKeys: String, CodingKey {
        case id, name
        case createdAt = "created_at"
    }
}

/// A person (or service) in a workspace, with a role.
public struct Member: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// Primary key (UUID text).
    public var id: String
    /// The workspace.
    public var workspaceID: String
    /// Name or email, unique within the workspace.
    public var name: String
    /// Role.
    public var role: Role
    /// Creation time, milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a member value.
    public init(id: String = UUID().uuidString.lowercased(), workspaceID: String, name: String, role: Role, createdAt: Int64 = WallClock.nowMillis()) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }

    /// The table name.
    public static let databaseTableName = "members"
    enum CodingKeys: String, CodingKey {
        case id, name, role
        case workspaceID = "workspace_id"
        case createdAt = "created_at"
    }
}

/// A stored API key: never the key itself, only its SHA-256 and a display prefix.
public struct APIKeyRecord: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// Primary key (UUID text).
    public var id: String
    /// The workspace the key acts in.
    public var workspaceID: String
    /// The member the key belongs to, if any.
    public var memberID: String?
    /// The key's role.
    public var role: Role
    /// A label chosen at creation.
    public var name: String
    /// SHA-256 of the full key.
    public var hash: Data
    /// The first characters of the key, for display (`wj_live_Ab3x…`).
    public var prefix: String
    /// Creation time, milliseconds since 1970.
    public var createdAt: Int64
    /// Expiry, if any.
    public var expiresAt: Int64?
    /// Revocation time, if revoked.
    public var revokedAt: Int64?
    /// Last time the key authenticated a request.
    public var lastUsedAt: Int64?

    /// Whether the key may authenticate at `now`.
    public func isActive(at now: Int64) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// The table name.
    public static let databaseTableName = "api_keys"
    enum CodingKeys: String, CodingKey {
        case id, role, name, hash, prefix
        case workspaceID = "workspace_id"
        case memberID = "member_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
        case lastUsedAt = "last_used_at"
    }
}

/// A workspace's DLP policy, stored as a JSON document.
struct PolicyRow: Codable, FetchableRecord, PersistableRecord {
    var workspaceID: String
    var document: String
    var updatedAt: Int64

    static let databaseTableName = "policies"
    enum CodingKeys: String, CodingKey {
        case document
        case workspaceID = "workspace_id"
        case updatedAt = "updated_at"
    }
}

/// Wall-clock helpers; times are stored as integer milliseconds so that audit hashes are exact.
public enum WallClock {
    /// Milliseconds since 1970.
    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

extension Role: DatabaseValueConvertible {}
