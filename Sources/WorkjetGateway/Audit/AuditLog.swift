import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Synchronization

/// The append-only audit log with group commit.
///
/// ``append(_:)`` returns only after the record's transaction has committed. One writer thread takes every
/// record waiting at that moment and commits them in one transaction, so under load many requests share
/// one fsync, and none is answered before its record is durable. Key last-use times ride in the same
/// transaction.
///
/// The writer is a thread of its own rather than a task: it commits with GRDB's synchronous `write`, which
/// runs on the calling thread, and resumes the waiting requests from there. A task would wait for a wake-up
/// from the executor and then hand each transaction to GRDB's writer queue and back, three thread hand-offs
/// per batch that cost more than a `synchronous = normal` commit; and a blocking commit (an fsync in `full`)
/// would hold one of the few Swift concurrency threads.
public final class AuditLog: Service, Sendable {
    struct Pending {
        var record: AuditRecord
        var payload: SealedPayload?
        var continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var pending: [Pending] = []
        var keysUsed: [String: Int64] = [:]
        var closed = false
        /// The writer is waiting on `wakeup`: the next record must signal it.
        var writerIdle = false
    }

    let pool: DatabasePool
    let maxBatch: Int
    let logger: Logger
    private let state = Mutex(State())
    /// Signalled once per idle-to-busy transition, so its count never exceeds one.
    private let wakeup = DispatchSemaphore(value: 0)

    /// Creates the log on an open database. Run it as a service (``run()``) for ``append(_:)`` to complete.
    public init(pool: DatabasePool, maxBatch: Int = 512, logger: Logger) {
        self.pool = pool
        self.maxBatch = maxBatch
        self.logger = logger
    }

    /// Appends a record, and its archived payload if any, in one transaction; returns once it is committed.
    /// Throws `storage_error` if the commit failed.
    public func append(_ record: AuditRecord, payload: SealedPayload? = nil) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (accepted, signal) = state.withLock { state -> (Bool, Bool) in
                guard !state.closed else { return (false, false) }
                state.pending.append(Pending(record: record, payload: payload, continuation: continuation))
                let signal = state.writerIdle
                state.writerIdle = false
                return (true, signal)
            }
            if signal { wakeup.signal() }
            if !accepted { continuation.resume(throwing: GatewayError(.storage, "the audit log is shut down")) }
        }
    }

    /// Notes that a key authenticated a request; written with the next batch.
    public func noteKeyUse(_ keyID: String, at time: Int64 = WallClock.nowMillis()) {
        state.withLock { $0.keysUsed[keyID] = time }
    }

    /// Appends records directly in one transaction (CLI, admin bootstrap) without the writer thread.
    public static func appendNow(_ records: [AuditRecord], pool: DatabasePool) async throws {
        _ = try await pool.write { db in try AuditChain.append(records, in: db) }
    }

    /// Runs the writer thread until graceful shutdown (or cancellation); it drains what is left, then stops.
    public func run() async throws {
        await DedicatedThread.run(named: "workjet-audit-writer", { self.writeUntilClosed() }, stop: { self.close() })
    }

    /// Refuses new records; the writer commits those already accepted and stops.
    private func close() {
        let signal = state.withLock { state -> Bool in
            state.closed = true
            let signal = state.writerIdle
            state.writerIdle = false
            return signal
        }
        if signal { wakeup.signal() }
    }

    /// The writer thread's loop: commit a batch, or sleep until a record arrives; return once closed and empty.
    private func writeUntilClosed() {
        while true {
            let next = state.withLock { state -> (batch: [Pending], keys: [String: Int64], stop: Bool) in
                if state.pending.isEmpty && state.keysUsed.isEmpty {
                    if state.closed { return ([], [:], true) }
                    state.writerIdle = true
                    return ([], [:], false)
                }
                let count = min(state.pending.count, maxBatch)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                let keys = state.keysUsed
                state.keysUsed = [:]
                return (batch, keys, false)
            }
            if next.stop { return }
            if next.batch.isEmpty && next.keys.isEmpty {
                wakeup.wait()
                continue
            }
            commit(next.batch, keys: next.keys)
        }
    }

    private func commit(_ batch: [Pending], keys: [String: Int64]) {
        let records = batch.map(\.record)
        do {
            try pool.write { db in
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
