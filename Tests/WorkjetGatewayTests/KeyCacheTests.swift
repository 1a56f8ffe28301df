import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// The in-memory key cache must never outlive a change to a key made anywhere (admin API and CLI paths are
/// in AdminTests and AuthTests; here: plain SQL from another connection, and the cache's own rules).
@Suite struct KeyCacheTests {
    @Test func aKeyChangedBySQLFromAnotherConnectionIsRefusedOnTheNextRequest() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        let other = try await fixture.key("acme", role: .member)
        try await fixture.app().test(.router) { client in
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi")).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: other, json: chat("echo-1", "hi")).status == .ok)
            // What an operator's sqlite3 session would do: its own connection, no gateway code.
            let outside = try DatabaseQueue(path: fixture.configuration.databasePath)
            try await outside.write { db in
                try db.execute(sql: "UPDATE api_keys SET expires_at = 1 WHERE hash = ?", arguments: [APIKeyGenerator.hash(key)])
            }
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi")).status == .unauthorized)
            // The other key was dropped from the cache too, and is read again: still valid.
            #expect(try await client.post("/v1/chat/completions", key: other, json: chat("echo-1", "hi")).status == .ok)
        }
    }

    @Test func theRevisionMovesOnAccessChangesButNotOnLastUse() async throws {
        let fixture = GatewayFixture()
        _ = try await fixture.key()
        let tasks = try fixture.tasks()
        let store = SQLiteStore(pool: tasks.pool)
        let id = try await tasks.listKeys(workspace: "acme").first!.id
        let before = try await store.keyRevision()
        try await tasks.pool.write { db in
            try db.execute(sql: "UPDATE api_keys SET last_used_at = 42 WHERE id = ?", arguments: [id])
        }
        #expect(try await store.keyRevision() == before)
        _ = try await tasks.revokeKey(id)
        let afterRevoke = try #require(try await store.keyRevision())
        #expect(afterRevoke != before)
        try await tasks.pool.write { db in try db.execute(sql: "DELETE FROM api_keys WHERE id = ?", arguments: [id]) }
        #expect(try await store.keyRevision() != afterRevoke)
    }

    @Test func entriesLiveForOneRevisionOnly() {
        let cache = KeyCache(capacity: 2)
        let record = APIKeyRecord(
            id: "k1", workspaceID: "w", memberID: nil, role: .member, name: "n", hash: Data([1]), prefix: "wj_live_x",
            createdAt: 0, expiresAt: nil, revokedAt: nil, lastUsedAt: nil)
        #expect(cache.record(hash: Data([1]), revision: 7) == nil)
        cache.store(record, hash: Data([1]), revision: 7)
        #expect(cache.record(hash: Data([1]), revision: 7) == record)
        // A record read at an older revision than the cache's is not kept.
        #expect(cache.record(hash: Data([1]), revision: 8) == nil)
        cache.store(record, hash: Data([1]), revision: 7)
        #expect(cache.record(hash: Data([1]), revision: 8) == nil)
        // Full: starts over rather than growing.
        for byte in [2, 3, 4] as [UInt8] { cache.store(record, hash: Data([byte]), revision: 8) }
        #expect(cache.record(hash: Data([2]), revision: 8) == nil)
        #expect(cache.record(hash: Data([4]), revision: 8) == record)
    }
}
