import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// The admin API, and proof that workspace A can never read or change anything of workspace B.
@Suite struct AdminTests {
    @Test func workspaceIsolation() async throws {
        let fixture = GatewayFixture()
        let keyA = try await fixture.key("alpha")
        let keyB = try await fixture.key("beta")
        let tasks = try fixture.tasks()
        let idA = try await tasks.workspaceID(named: "alpha")
        let idB = try await tasks.workspaceID(named: "beta")
        let keyBID = try await tasks.listKeys(workspace: "beta").first!.id
        try await fixture.app().test(.router) { client in
            // B's own view works.
            #expect(try await client.call("/admin/workspaces/\(idB)/keys", .get, key: keyB).status == .ok)
            // A cannot read B's workspace, keys, members, policy or audit ...
            for path in ["", "/keys", "/members", "/policy", "/audit"] {
                let response = try await client.call("/admin/workspaces/\(idB)\(path)", .get, key: keyA)
                #expect(response.status == .notFound, "GET \(path)")
            }
            // ... nor change them.
            #expect(try await client.call("/admin/workspaces/\(idB)/keys/\(keyBID)", .delete, key: keyA).status == .notFound)
            #expect(try await client.call("/admin/workspaces/\(idA)/keys/\(keyBID)", .delete, key: keyA).status == .notFound)
            #expect(try await client.call("/admin/workspaces/\(idB)/members", .post, key: keyA, json: #"{"name":"eve","role":"owner"}"#).status == .notFound)
            #expect(try await client.call("/admin/workspaces/\(idB)/policy", .put, key: keyA, json: #"{"input":{"default_action":"allow"}}"#).status == .notFound)
            // A's listing shows only A.
            let list = try await client.call("/admin/workspaces", .get, key: keyA).text
            #expect(list.contains(idA) && !list.contains(idB))
            // A's audit contains no record of B.
            try await client.post("/v1/chat/completions", key: keyB, json: chat("echo-1", "hi"))
            let audit = try await client.call("/admin/workspaces/\(idA)/audit", .get, key: keyA)
            #expect(audit.status == .ok)
            #expect(!audit.text.contains(idB))
            // B's key still works: A's attempts changed nothing.
            #expect(try await client.post("/v1/chat/completions", key: keyB, json: chat("echo-1", "hi")).status == .ok)
        }
    }

    @Test func membersOnlyUse() async throws {
        let fixture = GatewayFixture()
        _ = try await fixture.key("acme")
        let member = try await fixture.key("acme", role: .member)
        let id = try await fixture.tasks().workspaceID(named: "acme")
        try await fixture.app().test(.router) { client in
            #expect(try await client.post("/v1/chat/completions", key: member, json: chat("echo-1", "hi")).status == .ok)
            let denied = try await client.call("/admin/workspaces/\(id)/keys", .get, key: member)
            #expect(denied.status == .forbidden)
            #expect(try await client.call("/admin/workspaces/\(id)/keys", .post, key: member, json: "{}").status == .forbidden)
        }
    }

    @Test func adminsManageKeysAndMembersButCannotMintOwners() async throws {
        let fixture = GatewayFixture()
        let owner = try await fixture.key("acme")
        let id = try await fixture.tasks().workspaceID(named: "acme")
        try await fixture.app().test(.router) { client in
            let created = try await client.call("/admin/workspaces/\(id)/keys", .post, key: owner, json: #"{"name":"ops","role":"admin"}"#)
            #expect(created.status == .created)
            let admin = created.json["key"] as! String
            #expect(admin.hasPrefix("wj_live_"))
            #expect(try await client.call("/admin/workspaces/\(id)/keys", .post, key: admin, json: #"{"role":"owner"}"#).status == .forbidden)
            let member = try await client.call("/admin/workspaces/\(id)/members", .post, key: admin, json: #"{"name":"bob","role":"member"}"#)
            #expect(member.status == .created)
            let list = try await client.call("/admin/workspaces/\(id)/keys", .get, key: admin)
            #expect(!list.text.contains(admin))
            #expect(!list.text.contains("hash"))
            let keyID = (created.json["record"] as! [String: Any])["id"] as! String
            #expect(try await client.call("/admin/workspaces/\(id)/keys/\(keyID)", .delete, key: owner).status == .ok)
            #expect(try await client.call("/admin/workspaces/\(id)/keys", .get, key: admin).status == .unauthorized)
            let audit = try await client.call("/admin/workspaces/\(id)/audit?action=admin.*", .get, key: owner)
            #expect(audit.text.contains("admin.key.create") && audit.text.contains("admin.member.add") && audit.text.contains("admin.key.revoke"))
        }
    }

    @Test func invalidCustomRegexGets400WithTheReason() async throws {
        let fixture = GatewayFixture()
        let owner = try await fixture.key("acme")
        let id = try await fixture.tasks().workspaceID(named: "acme")
        try await fixture.app().test(.router) { client in
            let bad = try await client.call(
                "/admin/workspaces/\(id)/policy", .put, key: owner,
                json: #"{"custom_rules":[{"id":"emp","entity_type":"EMPLOYEE_ID","pattern":"EMP-([0-9"}]}"#)
            #expect(bad.status == .badRequest)
            #expect((bad.json["error"] as? [String: Any])?["code"] as? String == "invalid_policy")
            #expect(((bad.json["error"] as? [String: Any])?["message"] as? String)?.isEmpty == false)
            let good = try await client.call(
                "/admin/workspaces/\(id)/policy", .put, key: owner,
                json: #"{"custom_rules":[{"id":"emp","entity_type":"EMPLOYEE_ID","pattern":"\\bEMP-[0-9]{6}\\b"}],"input":{"entity_types":{"EMPLOYEE_ID":{"action":"block"}}}}"#)
            #expect(good.status == .ok)
            let blocked = try await client.post("/v1/chat/completions", key: owner, json: chat("echo-1", "ticket for EMP-123456"))
            #expect(blocked.status == .badRequest)
            #expect(blocked.text.contains("EMPLOYEE_ID"))
        }
    }

    @Test func ownersCreateWorkspaces() async throws {
        let fixture = GatewayFixture()
        let owner = try await fixture.key("acme")
        try await fixture.app().test(.router) { client in
            let created = try await client.call("/admin/workspaces", .post, key: owner, json: #"{"name":"second"}"#)
            #expect(created.status == .created)
            let newKey = (created.json["owner_key"] as! [String: Any])["key"] as! String
            let list = try await client.call("/admin/workspaces", .get, key: newKey).text
            #expect(list.contains("second") && !list.contains("acme"))
            #expect(try await client.call("/admin/workspaces", .post, key: owner, json: #"{"name":"second"}"#).status == .conflict)
        }
    }
}
