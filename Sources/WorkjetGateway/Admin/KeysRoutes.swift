import Hummingbird

/// `/admin/workspaces/:workspace/keys`.
struct KeysRoutes {
    let admin: AdminController

    func add(to group: RouterGroup<GatewayRequestContext>) {
        let services = admin.services
        group.get("workspaces/:workspace/keys") { _, context in
            let principal = try admin.scoped(context, .admin)
            return ListView(data: try await services.store.keys(workspaceID: principal.workspaceID).map(KeyView.init), next_after: nil)
        }
        group.post("workspaces/:workspace/keys") { request, context in
            let principal = try admin.scoped(context, .admin)
            let input = try await admin.decode(NewKeyInput.self, request, context)
            let role = input.role ?? .member
            if role > principal.role { try principal.require(role) }
            if let memberID = input.member_id {
                let members = try await services.store.members(workspaceID: principal.workspaceID)
                guard members.contains(where: { $0.id == memberID }) else { throw admin.notFound }
            }
            var expiresAt: Int64?
            if let seconds = input.expires_in_seconds {
                guard seconds > 0 else { throw GatewayError(.invalidRequest, "expires_in_seconds must be positive") }
                expiresAt = WallClock.nowMillis() + seconds * 1000
            }
            let name = try Validation.name(input.name ?? "key", what: "key name")
            let created = try await services.keys.create(
                workspaceID: principal.workspaceID, role: role, name: name, memberID: input.member_id, expiresAt: expiresAt)
            try await admin.record(context, "admin.key.create", workspaceID: principal.workspaceID, detail: ["key_id": created.record.id, "role": role.rawValue])
            return EditedResponse(status: .created, response: CreatedKeyView(key: created.raw, record: KeyView(created.record)))
        }
        group.delete("workspaces/:workspace/keys/:key") { _, context in
            let principal = try admin.scoped(context, .admin)
            let id = try context.parameters.require("key")
            guard let key = try await services.store.revokeKey(workspaceID: principal.workspaceID, keyID: id) else {
                throw admin.notFound
            }
            try await admin.record(context, "admin.key.revoke", workspaceID: principal.workspaceID, detail: ["key_id": id])
            return KeyView(key)
        }
    }
}
