import Foundation
import Hummingbird

/// `/admin/workspaces/:workspace/budget`: the caps in force (GET, admins), set (PUT, owners) or back to
/// the configured ones (DELETE, owners). Amounts are USD per month as numbers or decimal strings;
/// null or a missing field means no cap of that kind; 0, negative and absurd caps are refused.
struct BudgetRoutes {
    let admin: AdminController

    func add(to group: RouterGroup<GatewayRequestContext>) {
        let services = admin.services
        group.get("workspaces/:workspace/budget") { _, context in
            let principal = try admin.scoped(context, .admin)
            let current = try await services.control.caps.caps(workspaceID: principal.workspaceID)
            return BudgetCapsView(current.caps, source: current.stored ? "admin" : "configuration")
        }
        group.put("workspaces/:workspace/budget") { request, context in
            let principal = try admin.scoped(context, .owner)
            let caps = try await Self.decode(request)
            try caps.validate("", code: .invalidRequest)
            try await services.control.caps.set(caps, workspaceID: principal.workspaceID)
            let view = BudgetCapsView(caps, source: "admin")
            try await admin.record(context, "admin.budget.update", workspaceID: principal.workspaceID, detail: view.detail)
            return view
        }
        group.delete("workspaces/:workspace/budget") { _, context in
            let principal = try admin.scoped(context, .owner)
            try await services.control.caps.set(nil, workspaceID: principal.workspaceID)
            try await admin.record(context, "admin.budget.reset", workspaceID: principal.workspaceID, detail: [:])
            let current = try await services.control.caps.caps(workspaceID: principal.workspaceID)
            return BudgetCapsView(current.caps, source: "configuration")
        }
    }
}

extension BudgetRoutes {
    /// The body as caps; a value that is not an amount is named in the error.
    static func decode(_ request: Request) async throws -> BudgetConfiguration.WorkspaceCaps {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        do { return try JSONDecoder().decode(BudgetConfiguration.WorkspaceCaps.self, from: Data(buffer.readableBytesView)) } catch {
            if case DecodingError.dataCorrupted(let context) = error, !context.codingPath.isEmpty {
                let field = context.codingPath.map(\.stringValue).joined(separator: ".")
                throw GatewayError(.invalidRequest, "\(field): \(context.debugDescription); send a number of USD, a decimal string or null")
            }
            throw GatewayError(.invalidRequest, "the request does not follow the schema: \(ChatEnvelope.describe(error))")
        }
    }
}

/// A workspace's caps as decimal strings (null: no cap) and where they come from.
struct BudgetCapsView: ResponseCodable {
    var monthly_usd: String?
    var key_monthly_usd: String?
    var user_monthly_usd: String?
    var source: String

    init(_ caps: BudgetConfiguration.WorkspaceCaps, source: String) {
        monthly_usd = caps.monthlyUSD.map(DecimalText.format)
        key_monthly_usd = caps.keyMonthlyUSD.map(DecimalText.format)
        user_monthly_usd = caps.userMonthlyUSD.map(DecimalText.format)
        self.source = source
    }

    var detail: [String: String] {
        ["monthly_usd": monthly_usd ?? "none", "key_monthly_usd": key_monthly_usd ?? "none", "user_monthly_usd": user_monthly_usd ?? "none"]
    }
}
