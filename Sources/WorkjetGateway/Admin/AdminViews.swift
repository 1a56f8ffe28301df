import Foundation
import Hummingbird

/// What the admin API returns for a key: never the hash, the raw key only in ``CreatedKeyView``.
struct KeyView: ResponseCodable {
    var id: String
    var name: String
    var role: Role
    var prefix: String
    var member_id: String?
    var created_at: Int64
    var expires_at: Int64?
    var revoked_at: Int64?
    var last_used_at: Int64?

    init(_ r: APIKeyRecord) {
        id = r.id
        name = r.name
        role = r.role
        prefix = r.prefix
        member_id = r.memberID
        created_at = r.createdAt
        expires_at = r.expiresAt
        revoked_at = r.revokedAt
        last_used_at = r.lastUsedAt
    }
}

/// A new key: shown once.
struct CreatedKeyView: ResponseCodable {
    var key: String
    var record: KeyView
}

struct WorkspaceView: ResponseCodable {
    var id: String
    var name: String
    var created_at: Int64
    init(_ w: Workspace) {
        id = w.id
        name = w.name
        created_at = w.createdAt
    }
}

struct CreatedWorkspaceView: ResponseCodable {
    var workspace: WorkspaceView
    var owner_key: CreatedKeyView
}

struct MemberView: ResponseCodable {
    var id: String
    var name: String
    var role: Role
    var created_at: Int64
    init(_ m: Member) {
        id = m.id
        name = m.name
        role = m.role
        created_at = m.createdAt
    }
}

struct ListView<Item: Codable & Sendable>: ResponseCodable {
    var data: [Item]
    var next_after: Int64?
}

struct NewWorkspaceInput: Decodable { var name: String }
struct NewMemberInput: Decodable {
    var name: String
    var role: Role
}
struct RoleInput: Decodable { var role: Role }
struct NewKeyInput: Decodable {
    var name: String?
    var role: Role?
    var member_id: String?
    var expires_in_seconds: Int64?
}

extension AuditRecord: ResponseEncodable {}
extension PolicyDocument: ResponseEncodable {}
