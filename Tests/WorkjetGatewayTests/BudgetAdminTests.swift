import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// Caps set through the admin API replace the configured ones for their workspace.
@Suite struct BudgetAdminTests {
    @Test func capsSetThroughTheAdminAPIApplyAtOnceAndCanBeReset() async throws {
        try await withLiveControl(BudgetTests.priced(cap: nil)) { client, _, key, fixture in
            let workspace = try await fixture.tasks().workspaceID(named: "acme")
            let path = "/admin/workspaces/\(workspace)/budget"
            #expect(try await client.call(path, .get, key: key).json["source"] as? String == "configuration")
            let set = try await client.call(path, .put, key: key, json: #"{"monthly_usd":"0.005","key_monthly_usd":null}"#)
            #expect(set.status == .ok)
            #expect(set.json["monthly_usd"] as? String == "0.005")
            #expect(set.json["source"] as? String == "admin")
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5)).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5)).status == .tooManyRequests)
            #expect(try await client.call(path, .get, key: key).json["source"] as? String == "admin")
            #expect(try await client.call(path, .delete, key: key).json["source"] as? String == "configuration")
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5)).status == .ok)
            var query = AuditQuery()
            query.action = "admin.budget.*"
            #expect(try await query.run(try fixture.tasks().pool).map(\.action) == ["admin.budget.update", "admin.budget.reset"])
        }
    }

    @Test(arguments: [
        (#"{"monthly_usd":0}"#, "monthly_usd is 0"),
        (#"{"key_monthly_usd":-1}"#, "key_monthly_usd must be a positive amount"),
        (#"{"user_monthly_usd":"lots"}"#, "'lots' is not a decimal number"),
        (#"{"monthly_usd":1000000000000}"#, "must be a positive amount up to"),
    ])
    func badCapsAreRefused(body: String, message: String) async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        let workspace = try await fixture.tasks().workspaceID(named: "acme")
        try await fixture.app().test(.router) { client in
            let response = try await client.call("/admin/workspaces/\(workspace)/budget", .put, key: key, json: body)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(message), "\(response.text)")
        }
    }

    @Test func onlyOwnersOfTheWorkspaceSetCaps() async throws {
        let fixture = GatewayFixture()
        let owner = try await fixture.key()
        let admin = try await fixture.key(role: .admin)
        let stranger = try await fixture.key("globex")
        let workspace = try await fixture.tasks().workspaceID(named: "acme")
        try await fixture.app().test(.router) { client async throws in
            let path = "/admin/workspaces/\(workspace)/budget"
            #expect(try await client.call(path, .get, key: admin).status == .ok)
            #expect(try await client.call(path, .put, key: admin, json: #"{"monthly_usd":5}"#).status == .forbidden)
            #expect(try await client.call(path, .put, key: stranger, json: #"{"monthly_usd":5}"#).status == .notFound)
            #expect(try await client.call(path, .put, key: owner, json: #"{"monthly_usd":5}"#).status == .ok)
        }
    }
}
