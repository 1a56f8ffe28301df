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
/// The writer is a thread of its own rather than a task: it commits with GRDB's synchronous
/// `writeWithoutTransaction` (``RawStatement/transaction(in:_:)`` inside), which runs on the calling thread,
/// and resumes the waiting requests from there. A task would wait for a wake-up
/// from the executor and then hand each transaction to GRDB's writer queue and back, three thread hand-offs
/// per batch that cost more than a `synchronous = normal` commit; and a blocking commit (an fsync in `full`)
/// would hold one of the few Swift concurrency threads.
///
/// With `inlineCommits`, a record whose request is the only one in flight (``requestStarted()``), and
/// that finds the writer asleep with nothing waiting, is committed on the caller's own thread instead: the
/// two thread wake-ups of the hand-off (writer, then the request's event loop) leave the request's path.
/// With other requests in flight records queue for the writer as before: committing one record per
/// transaction on the event loops cost 10 % of the rate at 8 connections, where batching pays. With
/// `inlineCommitLimit` (the gateway sets it for `audit_synchronous: full`, whose commits wait for an fsync),
/// callers commit their own records only while commits have recently taken less than that on average: on a
/// disk whose fsync is slow the event loop, which a request arriving meanwhile would wait for, is not held.
public final class AuditLog: Service, Sendable {
    struct Pending {
        var record: AuditRecord
        var payload: SealedPayload?
        var continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var pending: [Pending] = []
        var keysUsed: [String: Int64] = [:]
        /// The last use noted for writing, per key: a key is touched at most once per ``keyUseResolution``.
        var keysNoted: [String: Int64] = [:]
        var closed = false
        /// The writer is waiting on `wakeup`: the next record must signal it.
        var writerIdle = false
        /// A caller is committing its own record (``inlineCommits``).
        var inlineBusy = false
        /// Records committed by their callers, and by the writer thread (for tests and diagnostics).
        var inlineCount = 0
        var batchedCount = 0
        /// Records whose commit failed since the last commit that worked: the first failure is logged with
        /// its reason, the rest only counted (at thousands of requests a second a full disk would otherwise
        /// write a line per request, to a log that may be on that disk), and the count when commits work again.
        var failedRecords = 0
    }

    let pool: DatabasePool
    let maxBatch: Int
    /// Told the key revision at each commit, so that requests need not read it (``KeyRevisionReader``).
    let keyRevisions: KeyRevisionReader?
    /// Whether a caller may commit its own record while the writer sleeps (see the type's documentation).
    let inlineCommits: Bool
    /// Callers commit their own records only while the average recent commit took less than this; nil: always.
    let inlineCommitLimit: Duration?
    /// Moving average (weight 1/8) of commit durations, inline and batched, in nanoseconds; kept only
    /// when ``inlineCommitLimit`` is set.
    private let recentCommitNanos = Atomic<Int64>(0)
    let logger: Logger
    private let state = Mutex(State())
    /// Requests between ``requestStarted()`` and ``requestEnded()``.
    private let inFlight = Atomic<Int>(0)
    /// Signalled once per idle-to-busy transition, so its count never exceeds one.
    private let wakeup = DispatchSemaphore(value: 0)

    /// Creates the log on an open database. Run it as a service (``run()``) for ``append(_:)`` to complete.
    public convenience init(
        pool: DatabasePool, maxBatch: Int = 512, inlineCommits: Bool = false, inlineCommitLimit: Duration? = nil, logger: Logger
    ) {
        self.init(
            pool: pool, maxBatch: maxBatch, inlineCommits: inlineCommits, inlineCommitLimit: inlineCommitLimit, keyRevisions: nil,
            logger: logger)
    }

    /// Creates the log; `keyRevisions` is told the key revision at each commit (the gateway's store's reader).
    init(
        pool: DatabasePool, maxBatch: Int = 512, inlineCommits: Bool = false, inlineCommitLimit: Duration? = nil,
        keyRevisions: KeyRevisionReader?, logger: Logger
    ) {
        self.pool = pool
        self.maxBatch = maxBatch
        self.keyRevisions = keyRevisions
        self.inlineCommits = inlineCommits
        self.inlineCommitLimit = inlineCommitLimit
        self.logger = logger
    }

    /// Whether the writer thread is waiting for records (for tests).
    var writerIsIdle: Bool { state.withLock { $0.writerIdle } }

    /// How many records were committed by their callers and by the writer thread so far.
    var commitCounts: (inline: Int, batched: Int) {
        state.withLock { ($0.inlineCount, $0.batchedCount) }
    }

    /// Appends a record, and its archived payload if any, in one transaction; returns once it is committed.
    /// Throws `storage_error` if the commit failed.
    public func append(_ record: AuditRecord, payload: SealedPayload? = nil) async throws {
        if inlineCommits, inFlight.load(ordering: .relaxed) <= 1, commitsAreQuick, let keys = claimInlineCommit() {
            try commitInline(record, payload: payload, keys: keys)
            return
        }
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

    /// Whether recent commits were quick enough to run on a caller's thread (``inlineCommitLimit``).
    private var commitsAreQuick: Bool {
        guard let limit = inlineCommitLimit else { return true }
        return recentCommitNanos.load(ordering: .relaxed) < limit.nanoseconds
    }

    /// The moving average of commit durations, in nanoseconds (for tests).
    var averageCommitNanoseconds: Int64 { recentCommitNanos.load(ordering: .relaxed) }

    /// Notes that a request that will append a record has started; pair with ``requestEnded()``.
    public func requestStarted() { inFlight.add(1, ordering: .relaxed) }

    /// Notes that a request noted by ``requestStarted()`` has appended its record, or ended without one.
    public func requestEnded() { inFlight.subtract(1, ordering: .relaxed) }

    /// The key uses to write with an inline commit, or nil when the writer is busy, records are waiting or
    /// another caller is committing: then the record queues for the writer.
    private func claimInlineCommit() -> [String: Int64]? {
        state.withLock { state -> [String: Int64]? in
            guard !state.closed, state.writerIdle, !state.inlineBusy, state.pending.isEmpty else { return nil }
            state.inlineBusy = true
            let keys = state.keysUsed
            state.keysUsed = [:]
            return keys
        }
    }

    /// Commits one record on the calling thread; records queued meanwhile have signalled the writer already
    /// (it stayed marked idle), and it commits them once this transaction is done.
    private func commitInline(_ record: AuditRecord, payload: SealedPayload?, keys: [String: Int64]) throws {
        var committed = false
        defer {
            let recovered = state.withLock { state -> Int in
                state.inlineBusy = false
                guard committed else { return 0 }
                state.inlineCount += 1
                return state.takeFailedRecords()
            }
            if recovered > 0 { noteRecovery(after: recovered) }
        }
        do {
            try write([record], payloads: [payload], keys: keys)
            committed = true
        } catch {
            noteFailure(error, records: 1)
            throw GatewayError(.storage, "the audit record could not be committed")
        }
    }

    /// Counts records whose commit failed; logs the first failure of a run of them, with SQLite's reason
    /// ("database or disk is full"; never a record's content).
    private func noteFailure(_ error: any Error, records: Int) {
        let first = state.withLock { state -> Bool in
            defer { state.failedRecords += records }
            return state.failedRecords == 0
        }
        guard first else { return }
        logger.error(
            "audit commits are failing; requests that need a record fail until a commit works",
            metadata: ["reason": "\(SQLiteDatabase.reason(error))"])
    }

    private func noteRecovery(after failedRecords: Int) {
        logger.info("audit commits work again", metadata: ["failed_records": "\(failedRecords)"])
    }

    /// How fresh a key's `last_used_at` is kept, in milliseconds: uses within this time of the last one
    /// written are not written again. Touching the key's row on every request was one of the three pages
    /// each single-record commit wrote to the log.
    static let keyUseResolution: Int64 = 1000

    /// The gateway's ``inlineCommitLimit`` with `audit_synchronous: full`: a lone request commits (and waits
    /// for the fsync) on its event loop while commits average under a quarter of a millisecond, as on disks
    /// with a protected write cache; on slower disks its record goes to the writer thread. On the benchmark
    /// machine 94 % of `full` appends at one connection returned within 0.1 ms, hand-off to the writer
    /// included, and committing inline took the added p50 there from 365-371 to 333-360 µs.
    public static let fsyncInlineLimit = Duration.microseconds(250)

    /// Notes that a key authenticated a request; written with the next batch unless a use of the same key
    /// less than ``keyUseResolution`` earlier was.
    public func noteKeyUse(_ keyID: String, at time: Int64 = WallClock.nowMillis()) {
        state.withLock { state in
            if let noted = state.keysNoted[keyID], time >= noted, time - noted < Self.keyUseResolution { return }
            if state.keysNoted.count >= 100_000 { state.keysNoted.removeAll(keepingCapacity: true) }
            state.keysNoted[keyID] = time
            state.keysUsed[keyID] = time
        }
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

    /// The transaction: records (chained), their payloads, and key last-use times.
    private func write(_ records: [AuditRecord], payloads: [SealedPayload?], keys: [String: Int64]) throws {
        try pool.writeWithoutTransaction { db in
            let started = inlineCommitLimit == nil ? nil : ContinuousClock.now
            // On GRDB's writer queue, so inline and batched commits update the average one at a time.
            defer {
                if let started {
                    let sample = (ContinuousClock.now - started).nanoseconds
                    let average = recentCommitNanos.load(ordering: .relaxed)
                    recentCommitNanos.store(average + (sample - average) / 8, ordering: .relaxed)
                }
            }
            let reading = try RawStatement.transaction(in: db) { () throws -> KeyRevisionReader.Kept? in
                let written = try AuditChain.append(records, in: db)
                for (payload, record) in zip(payloads, written) { try payload?.insert(seq: record.seq!, db) }
                let touch = try db.cachedStatement(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?")
                for (key, time) in keys { try touch.execute(arguments: [time, key]) }
                return try keyRevisions?.readInWriteTransaction(db)
            }
            if let reading { keyRevisions?.publishAfterCommit(reading) }
        }
    }

    private func commit(_ batch: [Pending], keys: [String: Int64]) {
        do {
            try write(batch.map(\.record), payloads: batch.map(\.payload), keys: keys)
            let recovered = state.withLock { state -> Int in
                state.batchedCount += batch.count
                return state.takeFailedRecords()
            }
            for item in batch { item.continuation.resume() }
            if recovered > 0 { noteRecovery(after: recovered) }
        } catch {
            noteFailure(error, records: batch.count)
            let failure = GatewayError(.storage, "the audit record could not be committed")
            for item in batch { item.continuation.resume(throwing: failure) }
        }
    }
}

extension AuditLog.State {
    /// ``failedRecords``, set back to zero (a commit worked).
    fileprivate mutating func takeFailedRecords() -> Int {
        defer { failedRecords = 0 }
        return failedRecords
    }
}
