/// Who is calling: the authenticated key, its workspace and role.
public struct Principal: Sendable, Hashable {
    /// The workspace the key acts in; every query the request makes is scoped to it.
    public var workspaceID: String
    /// The key's id (never the key).
    public var keyID: String
    /// The key's role.
    public var role: Role
    /// The member the key belongs to, if any.
    public var memberID: String?

    /// Throws `permission_denied` unless the role is at least `required`.
    public func require(_ required: Role) throws(GatewayError) {
        guard role >= required else {
            throw GatewayError(.forbidden, "this action needs the \(required.rawValue) role; the key has \(role.rawValue)")
        }
    }
}
