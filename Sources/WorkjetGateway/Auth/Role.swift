/// A member's role in a workspace. Owners and admins manage; members only use the AI endpoints.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Uses the AI endpoints.
    case member
    /// Manages members, keys and policies.
    case admin
    /// Everything an admin can do, plus creating workspaces and managing owners.
    case owner

    var rank: Int {
        switch self {
        case .member: 0
        case .admin: 1
        case .owner: 2
        }
    }

    /// Ordered by power: `member < admin < owner`.
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
