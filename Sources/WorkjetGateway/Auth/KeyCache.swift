import Foundation
import Synchronization

/// The key records recently used to authenticate, valid for one value of the store's key revision.
///
/// Every request reads the revision (``GatewayStore/keyRevision()``, one row of SQLite) and the cache forgets
/// everything as soon as it differs from the one its entries were read at, so a revocation through the admin
/// API or the CLI in another process takes effect on the next request, as without the cache. Only keys that
/// exist are cached: an unknown key still costs a database read, and cannot fill the cache.
final class KeyCache: Sendable {
    private struct State {
        var revision: Int64?
        var records: [Data: APIKeyRecord] = [:]
    }

    /// Entries kept at most; past that the cache starts over (it refills at one read per key).
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 10_000) { self.capacity = capacity }

    /// The record cached for `hash` at `revision`; empties the cache when the revision moved.
    func record(hash: Data, revision: Int64) -> APIKeyRecord? {
        state.withLock { state in
            if state.revision != revision {
                state.revision = revision
                state.records.removeAll(keepingCapacity: true)
                return nil
            }
            return state.records[hash]
        }
    }

    /// Remembers a record read at `revision` (read before the record); ignored if the revision moved since.
    func store(_ record: APIKeyRecord, hash: Data, revision: Int64) {
        state.withLock { state in
            guard state.revision == revision else { return }
            if state.records.count >= capacity { state.records.removeAll(keepingCapacity: true) }
            state.records[hash] = record
        }
    }
}
