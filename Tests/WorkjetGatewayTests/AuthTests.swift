import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

@Suite struct AuthTests {
    @Test func keysHaveTheDocumentedShape() {
        let a = APIKeyGenerator.generate()
        let b = APIKeyGenerator.generate()
        #expect(a.raw.hasPrefix("wj_live_"))
        #expect(a.raw.count == 8 + 43)
        #expect(APIKeyGenerator.looksLikeKey(a.raw))
        #expect(a.raw != b.raw)
        #expect(a.hash == APIKeyGenerator.hash(a.raw))
        #expect(a.displayPrefix == String(a.raw.prefix(14)))
    }

    @Test func onlyTheHashIsStored() async throws {
        let fixture = GatewayFixture()
        let raw = try await fixture.key()
        let tasks = try fixture.tasks()
        let stored = try await tasks.pool.read { db in try String.fetchAll(db, sql: "SELECT quote(hash) || prefix || name FROM api_keys") }
        #expect(!stored.joined().contains(raw))
        #expect(!stored.joined().contains(String(raw.dropFirst(14))))
    }

    @Test func missingInvalidRevokedAndExpiredKeysGet401() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        let expired = try await fixture.tasks().createKey(workspace: "acme", role: .member, expiresInSeconds: -1).raw
        try await fixture.app().test(.router) { client in
            #expect(try await client.post("/v1/chat/completions", key: nil, json: chat("echo-1", "hi")).status == .unauthorized)
            #expect(try await client.post("/v1/chat/completions", key: "wj_live_nope", json: chat("echo-1", "hi")).status == .unauthorized)
            #expect(try await client.post("/v1/chat/completions", key: expired, json: chat("echo-1", "hi")).status == .unauthorized)
            // Anthropic SDKs send x-api-key.
            let viaHeader = try await client.execute(
                uri: "/v1/messages", method: .post, headers: [HeaderName.apiKey: key, .contentType: "application/json"],
                body: .init(string: anthropic("echo-1", "hi")))
            #expect(viaHeader.status == .ok)
            let id = try await fixture.tasks().listKeys(workspace: "acme").first!.id
            _ = try await fixture.tasks().revokeKey(id)
            let after = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"))
            #expect(after.status == .unauthorized)
            #expect((after.json["error"] as? [String: Any])?["type"] as? String == "authentication_error")
        }
    }

    @Test func lastUseIsRecorded() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"))
        }
        #expect(try await fixture.tasks().listKeys(workspace: "acme").first?.lastUsedAt != nil)
    }
}
