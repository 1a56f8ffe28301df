import Foundation
import Hummingbird

/// `/admin/workspaces/:workspace/policy` and `/audit`.
struct PolicyAuditRoutes {
    let admin: AdminController

    func add(to group: RouterGroup<GatewayRequestContext>) {
        let services = admin.services
        group.get("workspaces/:workspace/policy") { _, context in
            let principal = try admin.scoped(context, .admin)
            return try await services.policies.document(workspaceID: principal.workspaceID)
        }
        group.put("workspaces/:workspace/policy") { request, context in
            let principal = try admin.scoped(context, .admin)
            let document = try await admin.decode(PolicyDocument.self, request, context)
            try await services.policies.set(document, workspaceID: principal.workspaceID)
            try await admin.record(
                context, "admin.policy.update", workspaceID: principal.workspaceID,
                detail: ["custom_rules": "\(document.customRules.count)", "disabled_detectors": document.disabledDetectors.joined(separator: ",")])
            return document
        }
        group.get("workspaces/:workspace/audit") { request, context in
            let principal = try admin.scoped(context, .admin)
            var query = AuditQuery()
            query.workspaceID = principal.workspaceID
            let q = request.uri.queryParameters
            query.action = q.get("action")
            query.user = q.get("user")
            query.keyID = q.get("key_id")
            query.from = try int64(q.get("from"), "from")
            query.until = try int64(q.get("until"), "until")
            query.afterSeq = try int64(q.get("after"), "after")
            if let limit = try int64(q.get("limit"), "limit") { query.limit = Int(limit) }
            let records = try await query.run(services.pool)
            return ListView(data: records, next_after: records.count == query.limit ? records.last?.seq : nil)
        }
    }

    func int64(_ raw: String?, _ name: String) throws(GatewayError) -> Int64? {
        guard let raw else { return nil }
        guard let value = Int64(raw) else { throw GatewayError(.invalidRequest, "'\(name)' must be an integer") }
        return value
    }
}
