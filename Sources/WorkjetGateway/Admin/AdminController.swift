import Foundation
import Hummingbird

/// `/admin/...`: workspaces, members, keys, policies and the audit log of the caller's workspace.
///
/// Every route is scoped: a workspace id in the path that is not the key's own answers 404 (not 403, so a
/// key cannot even learn whether another workspace exists). Owners and admins manage; members get 403.
/// Every change is audited.
struct AdminController: Sendable {
    let services: GatewayServices

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("workspaces") { _, context in
            let principal = try context.requirePrincipal()
            try principal.require(.admin)
            let own = try await services.store.workspace(id: principal.workspaceID)
            return ListView(data: own.map { [WorkspaceView($0)] } ?? [], next_after: nil)
        }
        group.post("workspaces") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.owner)
            let input = try await decode(NewWorkspaceInput.self, request, context)
            let name = try Validation.name(input.name, what: "workspace name")
            let workspace = try await services.store.createWorkspace(name: name)
            let key = try await services.keys.create(workspaceID: workspace.id, role: .owner, name: "owner")
            try await record(context, "admin.workspace.create", workspaceID: workspace.id, detail: ["name": name, "key_id": key.record.id])
            return EditedResponse(status: .created, response: CreatedWorkspaceView(
                workspace: WorkspaceView(workspace), owner_key: CreatedKeyView(key: key.raw, record: KeyView(key.record))))
        }
        group.get("workspaces/:workspace") { _, context in
            let principal = try scoped(context, .admin)
            guard let workspace = try await services.store.workspace(id: principal.workspaceID) else { throw notFound }
            return WorkspaceView(workspace)
        }
        MembersRoutes(admin: self).add(to: group)
        KeysRoutes(admin: self).add(to: group)
        PolicyAuditRoutes(admin: self).add(to: group)
        UsageRoutes(admin: self).add(to: group)
        BudgetRoutes(admin: self).add(to: group)
    }

    var notFound: GatewayError { GatewayError(.notFound, "no such workspace or resource") }

    /// The principal, after checking the path's workspace is its own and the role suffices.
    func scoped(_ context: GatewayRequestContext, _ role: Role) throws -> Principal {
        let principal = try context.requirePrincipal()
        guard context.parameters.get("workspace") == principal.workspaceID else { throw notFound }
        try principal.require(role)
        return principal
    }

    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: GatewayRequestContext) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: 1024 * 1024)
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch {
            throw GatewayError(.invalidRequest, "the request does not follow the schema: \(ChatEnvelope.describe(error))")
        }
    }

    /// Audits an admin action (committed before the response).
    func record(_ context: GatewayRequestContext, _ action: String, workspaceID: String, detail: [String: String]) async throws {
        var audit = AuditRecord(
            requestID: context.requestID, action: action, status: 200, workspaceID: workspaceID,
            user: context.principal?.memberID, keyID: context.principal?.keyID)
        audit.clientIP = context.clientIP
        let data = try JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys])
        audit.detail = String(decoding: data, as: UTF8.self)
        try await services.audit.append(audit)
    }
}

/// Input checks shared by the admin API and the CLI.
enum Validation {
    static func name(_ raw: String, what: String) throws(GatewayError) -> String {
        let name = raw.trimmingWhitespace()
        guard !name.isEmpty, name.count <= 200, !name.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw GatewayError(.invalidRequest, "\(what) must be 1 to 200 characters on one line")
        }
        return name
    }
}
