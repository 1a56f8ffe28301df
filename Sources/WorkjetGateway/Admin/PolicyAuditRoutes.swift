import Foundation
import Hummingbird

/// `/admin/workspaces/:workspace/policy`, `/audit` and `/audit/payloads/:request` (archived payloads).
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
        // Reading an archived payload is itself audited: it is the one place where prompts can be read back.
        group.get("workspaces/:workspace/audit/payloads/:request") { _, context in
            let principal = try admin.scoped(context, .admin)
            guard let archive = services.archive else {
                throw GatewayError(.notFound, "payload archival is not enabled on this gateway")
            }
            let requestID = context.parameters.get("request") ?? ""
            guard let payload = try await archive.read(requestID: requestID, workspaceID: principal.workspaceID, pool: services.pool) else {
                throw GatewayError(.notFound, "no archived payload for this request id in this workspace")
            }
            try await admin.record(context, "admin.audit.payload.read", workspaceID: principal.workspaceID, detail: ["request_id": requestID])
            return PayloadView(payload)
        }
    }

    func int64(_ raw: String?, _ name: String) throws(GatewayError) -> Int64? {
        guard let raw else { return nil }
        guard let value = Int64(raw) else { throw GatewayError(.invalidRequest, "'\(name)' must be an integer") }
        return value
    }
}

extension PayloadView: ResponseEncodable {}
