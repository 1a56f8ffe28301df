import Foundation
import GRDB
import Logging
import NIOPosix
import ServiceLifecycle
import Testing
@testable import WorkjetGateway

/// Group commit: every `append` returns only once its record is committed, in one unbroken chain; with inline
/// commits, a record that finds the writer asleep is committed by its caller.
@Suite struct AuditLogTests {
    /// Runs `body` with a log on a fresh database and its writer thread running.
    private func withLog(
        inlineCommits: Bool, inlineCommitLimit: Duration? = nil, _ body: @Sendable (AuditLog, DatabasePool) async throws -> Void
    ) async throws {
        let directory = NSTemporaryDirectory() + "workjet-audit-log-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logger = Logger(label: "test")
        let pool = try SQLiteDatabase.open(path: directory + "/gateway.sqlite", synchronous: "normal", logger: logger)
        let log = AuditLog(pool: pool, maxBatch: 16, inlineCommits: inlineCommits, inlineCommitLimit: inlineCommitLimit, logger: logger)
        let group = ServiceGroup(services: [log], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<1000 where !log.writerIsIdle { try await Task.sleep(for: .milliseconds(5)) }
            #expect(log.writerIsIdle)
            try await body(log, pool)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    private func record(_ n: Int) -> AuditRecord {
        AuditRecord(requestID: "req-\(n)", action: "chat.completions", status: 200, workspaceID: "ws")
    }

    /// A workspace `ws` with a key `k1`.
    private func insertKey(_ pool: DatabasePool) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'ws', 0);
                INSERT INTO api_keys (id, workspace_id, role, name, hash, prefix, created_at)
                VALUES ('k1', 'ws', 'member', 'k', x'00', 'wj_live_x', 0);
                """)
        }
    }

    private func lastUse(_ pool: DatabasePool) async throws -> Int64? {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT last_used_at FROM api_keys WHERE id = 'k1'") }
    }

    /// Appends 20 records one after another, each readable as soon as `append` returns.
    private func appendTwentyInOrder(_ log: AuditLog, _ pool: DatabasePool) async throws {
        for n in 0..<20 {
            try await log.append(record(n))
            #expect(try await committedRequestIDs(pool).last == "req-\(n)")
        }
    }

    private func committedRequestIDs(_ pool: DatabasePool) async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT request_id FROM audit_log ORDER BY seq") }
    }

    @Test func aRecordThatFindsTheWriterAsleepIsCommittedByItsCaller() async throws {
        try await withLog(inlineCommits: true) { log, pool in
            // Committed when append returns: readable from another connection at once.
            try await appendTwentyInOrder(log, pool)
            #expect(log.commitCounts.inline == 20)
            #expect(log.commitCounts.batched == 0)
            #expect(log.writerIsIdle)
            let report = try await AuditVerifier.verify(pool)
            #expect(report.ok && report.checked == 20)
        }
    }

    @Test func slowCommitsGoToTheWriterEvenForALoneRequest() async throws {
        // Quick enough on average: every lone record is committed by its caller.
        try await withLog(inlineCommits: true, inlineCommitLimit: .seconds(10)) { log, pool in
            try await appendTwentyInOrder(log, pool)
            #expect(log.commitCounts == (inline: 20, batched: 0))
            #expect(log.averageCommitNanoseconds > 0)
        }
        // Every commit is slower than the limit: after the first (no average yet), records go to the writer.
        try await withLog(inlineCommits: true, inlineCommitLimit: .nanoseconds(1)) { log, pool in
            try await appendTwentyInOrder(log, pool)
            #expect(log.commitCounts == (inline: 1, batched: 19))
            let report = try await AuditVerifier.verify(pool)
            #expect(report.ok && report.checked == 20)
        }
    }

    @Test func withOtherRequestsInFlightRecordsGoToTheWriter() async throws {
        try await withLog(inlineCommits: true) { log, pool in
            log.requestStarted()
            try await log.append(record(0))
            #expect(log.commitCounts == (inline: 1, batched: 0))
            log.requestStarted()
            try await log.append(record(1))
            try await log.append(record(2))
            #expect(log.commitCounts == (inline: 1, batched: 2))
            log.requestEnded()
            try await log.append(record(3))
            #expect(log.commitCounts == (inline: 2, batched: 2))
            log.requestEnded()
            #expect(try await committedRequestIDs(pool) == ["req-0", "req-1", "req-2", "req-3"])
        }
    }

    @Test func withoutInlineCommitsTheWriterCommitsEveryRecord() async throws {
        try await withLog(inlineCommits: false) { log, pool in
            try await appendTwentyInOrder(log, pool)
            #expect(log.commitCounts.inline == 0)
            #expect(log.commitCounts.batched == 20)
        }
    }

    /// Requests waiting on event loops (as the gateway's do) are resumed on their own loops, once each,
    /// after their batch is committed.
    @Test func requestsOnEventLoopsAreResumedOnTheirLoopsAfterTheCommit() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        try await withLog(inlineCommits: false) { log, pool in
            try await withThrowingTaskGroup(of: Void.self) { appends in
                for n in 0..<40 {
                    let loop = group.next()
                    appends.addTask {
                        try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
                            try await log.append(record(n))
                            #expect(loop.inEventLoop)
                            let ids = try await committedRequestIDs(pool)
                            #expect(ids.contains("req-\(n)"))
                        }
                    }
                }
                try await appends.waitForAll()
            }
            #expect(log.commitCounts.batched == 40)
            #expect(try await AuditVerifier.verify(pool).ok)
        }
    }

    @Test(arguments: [true, false])
    func concurrentAppendsAreEachCommittedOnceInOneChain(inlineCommits: Bool) async throws {
        try await withLog(inlineCommits: inlineCommits) { log, pool in
            let count = 400
            try await withThrowingTaskGroup(of: Void.self) { appends in
                for n in 0..<count { appends.addTask { try await log.append(record(n)) } }
                try await appends.waitForAll()
            }
            let ids = try await committedRequestIDs(pool)
            #expect(ids.count == count)
            #expect(Set(ids) == Set((0..<count).map { "req-\($0)" }))
            let counts = log.commitCounts
            #expect(counts.inline + counts.batched == count)
            if !inlineCommits { #expect(counts.inline == 0) }
            let report = try await AuditVerifier.verify(pool)
            #expect(report.ok && report.checked == count)
        }
    }

    /// A commit that fails (a full disk) fails its requests' appends and commits nothing of them; the log
    /// says so once, with SQLite's reason, however many fail, and once more with their count when commits
    /// work again; the chain goes on unbroken.
    @Test(arguments: [true, false])
    func failedCommitsFailTheirAppendsAndAreLoggedOncePerRun(inlineCommits: Bool) async throws {
        let directory = NSTemporaryDirectory() + "workjet-audit-log-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sink = LogSink()
        let pool = try SQLiteDatabase.open(path: directory + "/gateway.sqlite", synchronous: "normal", logger: Logger(label: "test"))
        let log = AuditLog(pool: pool, maxBatch: 16, inlineCommits: inlineCommits, logger: sink.logger(level: .info))
        let group = ServiceGroup(services: [log], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await log.append(record(0))
            try await pool.failAuditInserts(true)
            for n in 1...10 {
                await #expect(throws: GatewayError.self) { try await log.append(record(n)) }
            }
            let failed = await withTaskGroup(of: Bool.self) { appends in
                for n in 11...30 { appends.addTask { (try? await log.append(record(n))) == nil } }
                return await appends.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(failed == 20)
            try await pool.failAuditInserts(false)
            try await log.append(record(31))
            try await log.append(record(32))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try await committedRequestIDs(pool) == ["req-0", "req-31", "req-32"])
        let report = try await AuditVerifier.verify(pool)
        #expect(report.ok && report.checked == 3)
        let lines = sink.lines.withLock { $0 }
        let errors = lines.filter { $0.hasPrefix("error") }
        #expect(errors.count == 1, "\(lines)")
        #expect(errors.first?.contains("database or disk is full") == true, "\(lines)")
        let recoveries = lines.filter { $0.hasPrefix("info") && $0.contains("audit commits work again") }
        #expect(recoveries.count == 1 && recoveries.first?.contains("30") == true, "\(lines)")
    }

    @Test func keyUsesRideWithAnInlineCommit() async throws {
        try await withLog(inlineCommits: true) { log, pool in
            try await insertKey(pool)
            log.noteKeyUse("k1", at: 1234)
            try await log.append(record(0))
            #expect(try await lastUse(pool) == 1234)
            #expect(log.commitCounts.inline == 1)
        }
    }

    @Test func aKeysLastUseIsWrittenAtMostOncePerSecond() async throws {
        try await withLog(inlineCommits: true) { log, pool in
            try await insertKey(pool)
            log.noteKeyUse("k1", at: 10_000)
            try await log.append(record(0))
            #expect(try await lastUse(pool) == 10_000)
            log.noteKeyUse("k1", at: 10_999)
            try await log.append(record(1))
            #expect(try await lastUse(pool) == 10_000)
            log.noteKeyUse("k1", at: 11_000)
            try await log.append(record(2))
            #expect(try await lastUse(pool) == 11_000)
            // A clock that went back is written, not held for a second.
            log.noteKeyUse("k1", at: 5_000)
            try await log.append(record(3))
            #expect(try await lastUse(pool) == 5_000)
        }
    }
}
