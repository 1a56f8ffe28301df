import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Synchronization

/// The append-only audit log with group commit.
///
/// ``append(_:)`` returns only after the record's transaction has committed. One writer task takes every
/// record waiting at that moment and commits them in one transaction, so under load many requests share
/// one fsync, and none is answered before its record is durable. Key last-use times ride in the same
/// transaction.
public final class AuditLog: Service, Sendable {
    struct Pending {
        var record: AuditRecord
        var payload: SealedPayload?
        var continuation: CheckedContinuation<Void, any Error>
    }

    let pool: DatabasePool
    let maxBatch: Int
    let logger: Logger
    private let queue = Mutex<(pending: [Pending], keysUsed: [String: Int64], closed: Bool)>(([], [:], false))
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// Creates the log on an open database. Run it as a service (``run()``) for ``append(_:)`` to complete.
    public init(pool: DatabasePool, maxBatch: Int = 512, logger: Logger) {
        self.pool = pool
        self.maxBatch = maxBatch
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Appends a record, and its archived payload if any, in one transaction; returns once it is committed.
    /// Throws `storage_error` if the commit failed.
    public func append(_ record: AuditRecord, payload: SealedPayload? = nil) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = queue.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.pending.append(Pending(record: record, payload: payload, continuation: continuation))
                return true
            }
            if accepted {
                wake.yield()
            } else {
                continuation.resume(throwing: GatewayError(.storage, "the audit log is shut down"))
            }
        }
    }

    /// Notes that a key authenticated a request; written with the next batch.
    public func noteKeyUse(_ keyID: String, at time: Int64 = WallClock.nowMillis()) {
        queue.withLock { $0.keysUsed[keyID] = time }
    }

    /// Appends records directly in one transaction (CLI, admin bootstrap) without the writer task.
    public static func appendNow(_ records: [AuditRecord], pool: DatabasePool) async throws {
        _ = try await pool.write { db in try AuditChain.append(records, in: db) }
    }

    /// The writer loop: commits batches until graceful shutdown, then drains what is left.
    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wakeups { await drain() }
        } onGracefulShutdown: {
            self.wake.finish()
        }
        queue.withLock { $0.closed = true }
        await drain()
    }

    private func drain() async {
        while true {
            let (batch, keys) = queue.withLock { state -> ([Pending], [String: Int64]) in
                let count = min(state.pending.count, maxBatch)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                let keys = state.keysUsed
                state.keysUsed = [:]
                return (batch, keys)
            }
            if batch.isEmpty && keys.isEmpty { return }
            let records = batch.map(\.record)
            do {
                try await pool.write { db in
                    let written = try AuditChain.append(records, in: db)
                    for (item, record) in zip(batch, written) { try item.payload?.insert(seq: record.seq!, db) }
                    let touch = try db.cachedStatement(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?")
                    for (key, time) in keys { try touch.execute(arguments: [time, key]) }
                }
                for item in batch { item.continuation.resume() }
            } catch {
                logger.error("audit commit failed", metadata: ["records": "\(batch.count)"])
                let failure = GatewayError(.storage, "the audit record could not be committed")
                for item in batch { item.continuation.resume(throwing: failure) }
            }
        }
    }
}
