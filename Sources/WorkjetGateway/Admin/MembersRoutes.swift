import Hummingbird

/// `/admin/workspaces/:workspace/members`.
struct MembersRoutes {
    let admin: AdminController

    func add(to group: RouterGroup<GatewayRequestContext>) {
        let store = admin.services.store
        group.get("workspaces/:workspace/members") { _, context in
            let principal = try admin.scoped(context, .admin)
            return ListView(data: try await store.members(workspaceID: principal.workspaceID).map(MemberView.init), next_after: nil)
        }
        group.post("workspaces/:workspace/members") { request, context in
            let principal = try admin.scoped(context, .admin)
            let input = try await admin.decode(NewMemberInput.self, request, context)
            if input.role == .owner { try principal.require(.owner) }
            let name = try Validation.name(input.name, what: "member name")
            let member = try await store.addMember(workspaceID: principal.workspaceID, name: name, role: input.role)
            try await admin.record(context, "admin.member.add", workspaceID: principal.workspaceID, detail: ["member_id": member.id, "role": member.role.rawValue])
            return EditedResponse(status: .created, response: MemberView(member))
        }
        group.patch("workspaces/:workspace/members/:member") { request, context in
            let principal = try admin.scoped(context, .admin)
            let input = try await admin.decode(RoleInput.self, request, context)
            if input.role == .owner { try principal.require(.owner) }
            let id = try context.parameters.require("member")
            guard let member = try await store.setRole(workspaceID: principal.workspaceID, memberID: id, role: input.role) else {
                throw admin.notFound
            }
            try await admin.record(context, "admin.member.role", workspaceID: principal.workspaceID, detail: ["member_id": id, "role": input.role.rawValue])
            return MemberView(member)
        }
        group.delete("workspaces/:workspace/members/:member") { _, context in
            let principal = try admin.scoped(context, .admin)
            let id = try context.parameters.require("member")
            guard try await store.removeMember(workspaceID: principal.workspaceID, memberID: id) else { throw admin.notFound }
            try await admin.record(context, "admin.member.remove", workspaceID: principal.workspaceID, detail: ["member_id": id])
            return Response(status: .noContent)
        }
    }
}
