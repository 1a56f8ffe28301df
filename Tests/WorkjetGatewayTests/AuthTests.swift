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

    @Test func keyShapeCheckAndHashAgreeWithTheirDefinitions() throws {
        let alphabet = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(APIKeyGenerator.isBase62(byte) == alphabet.contains(byte), "byte \(byte)")
        }
        let key = APIKeyGenerator.generate().raw
        for bad in [key.dropLast() + "-", key.dropLast() + "é", "wj_live_" + String(repeating: "a", count: 42), "wj_test_" + key.dropFirst(8)] {
            #expect(!APIKeyGenerator.looksLikeKey(String(bad)), "\(bad)")
        }
        // The hash is SHA-256 of the UTF-8 bytes (a known vector) and compares in constant time.
        #expect(APIKeyGenerator.hash("abc").map { String(format: "%02x", $0) }.joined()
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(APIKeyGenerator.constantTimeEqual(APIKeyGenerator.hash(key), APIKeyGenerator.hash(key)))
        #expect(!APIKeyGenerator.constantTimeEqual(APIKeyGenerator.hash(key), APIKeyGenerator.hash(key + "x")))
        #expect(!APIKeyGenerator.constantTimeEqual(Data([1, 2]), Data([1, 2, 3])))
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
        let status = try await fixture.app().test(.router) { client in
            try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi")).status
        }
        #expect(status == .ok)
        #expect(try await fixture.tasks().listKeys(workspace: "acme").first?.lastUsedAt != nil)
    }
}
