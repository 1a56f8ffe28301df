import Foundation
import Logging

/// Creates, authenticates and revokes API keys on top of a ``GatewayStore``.
public struct KeyService: Sendable {
    /// The store.
    public let store: any GatewayStore

    let cache = KeyCache()

    /// Creates the service.
    public init(store: any GatewayStore) { self.store = store }

    /// A freshly created key: the raw value (shown once) and its record.
    public struct Created: Sendable {
        /// The raw key; not stored anywhere.
        public var raw: String
        /// The stored record.
        public var record: APIKeyRecord
    }

    /// Creates a key in a workspace.
    public func create(
        workspaceID: String, role: Role, name: String, memberID: String? = nil, expiresAt: Int64? = nil
    ) async throws -> Created {
        let generated = APIKeyGenerator.generate()
        let record = APIKeyRecord(
            id: UUID().uuidString.lowercased(), workspaceID: workspaceID, memberID: memberID, role: role, name: name,
            hash: generated.hash, prefix: generated.displayPrefix, createdAt: WallClock.nowMillis(), expiresAt: expiresAt,
            revokedAt: nil, lastUsedAt: nil)
        try await store.insertKey(record)
        return Created(raw: generated.raw, record: record)
    }

    /// The principal for a presented key; throws `missing_api_key` / `invalid_api_key`.
    ///
    /// The lookup is by SHA-256 (an index seek on a value the caller cannot steer), and the digest is compared
    /// again in constant time, so response time reveals nothing about stored keys.
    public func authenticate(_ presented: String?) async throws -> Principal {
        guard let presented, !presented.isEmpty else {
            throw GatewayError(.missingAPIKey, "send an API key in the Authorization (Bearer) or x-api-key header")
        }
        let invalid = GatewayError(.invalidAPIKey, "the API key is invalid, revoked or expired")
        guard APIKeyGenerator.looksLikeKey(presented) else { throw invalid }
        let hash = APIKeyGenerator.hash(presented)
        guard let record = try await cachedRecord(hash: hash), APIKeyGenerator.constantTimeEqual(record.hash, hash),
            record.isActive(at: WallClock.nowMillis())
        else { throw invalid }
        return Principal(workspaceID: record.workspaceID, keyID: record.id, role: record.role, memberID: record.memberID)
    }

    /// The stored record for a key digest, from the cache while the store's key revision has not moved.
    ///
    /// The revision is read before the record, so a record cached under a revision was read no earlier than
    /// that revision: a change committed after it moves the revision and empties the cache for the next request.
    private func cachedRecord(hash: Data) async throws -> APIKeyRecord? {
        guard let revision = try await store.keyRevision() else { return try await store.key(hash: hash) }
        if let cached = cache.record(hash: hash, revision: revision) { return cached }
        guard let record = try await store.key(hash: hash) else { return nil }
        cache.store(record, hash: hash, revision: revision)
        return record
    }
}
