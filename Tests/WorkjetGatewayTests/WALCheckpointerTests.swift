import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Testing
@testable import WorkjetGateway

/// The gateway's pool leaves WAL checkpoints to ``WALCheckpointer``, which copies the log into the
/// database from its own thread and connection, and stops on graceful shutdown.
@Suite struct WALCheckpointerTests {
    @Test func theLogIsCheckpointedOffTheCommitPathAndTheServiceStopsOnShutdown() async throws {
        let directory = NSTemporaryDirectory() + "workjet-wal-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/gateway.sqlite"
        let logger = Logger(label: "test")
        let pool = try SQLiteDatabase.open(path: path, synchronous: "normal", backgroundCheckpoints: true, logger: logger)
        #expect(try await pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == 0)
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == 0)
        // Past the 1,000 pages at which SQLite would have checkpointed inside a commit.
        try await pool.write { db in try db.execute(sql: "CREATE TABLE filler(x BLOB)") }
        for _ in 0..<30 {
            try await pool.write { db in try db.execute(sql: "INSERT INTO filler VALUES (zeroblob(200000))") }
        }
        let logBytes = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(logBytes > 1000 * 4096)

        let checkpointer = WALCheckpointer(path: path, interval: .milliseconds(20), logger: logger)
        let group = ServiceGroup(services: [checkpointer], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<500 {
                let seen = checkpointer.statistics
                if seen.checkpoints > 0 && seen.logFrames > 0 && seen.copiedFrames == seen.logFrames { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            let seen = checkpointer.statistics
            #expect(seen.checkpoints > 0)
            #expect(seen.logFrames >= 1000)
            #expect(seen.copiedFrames == seen.logFrames)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // Everything the log held is in the database file now.
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") } == 30)
        let databaseBytes = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(databaseBytes > 30 * 200_000)
    }

    /// Commits without a pause never let the writer find the whole log copied, so it never starts the log
    /// over: past `restartFrames` the checkpointer makes it, with a restarting checkpoint.
    @Test(arguments: [true, false])
    func aLogThatKeepsGrowingUnderSteadyCommitsIsStartedOver(restarting: Bool) async throws {
        let directory = NSTemporaryDirectory() + "workjet-wal-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/gateway.sqlite"
        let logger = Logger(label: "test")
        let pool = try SQLiteDatabase.open(path: path, synchronous: "normal", backgroundCheckpoints: true, logger: logger)
        try await pool.write { db in try db.execute(sql: "CREATE TABLE filler(x BLOB)") }
        let checkpointer = WALCheckpointer(
            path: path, interval: .milliseconds(5), restartFrames: restarting ? 300 : 1_000_000, logger: logger)
        let group = ServiceGroup(services: [checkpointer], logger: logger)
        let walPath = path + "-wal"
        func walBytes() -> Int { (try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int) ?? 0 }
        var largest = 0
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // About 3,000 frames of commits, back to back, from this thread.
            for _ in 0..<1500 {
                try await pool.write { db in try db.execute(sql: "INSERT INTO filler VALUES (zeroblob(6000))") }
                largest = max(largest, walBytes())
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // About 3,000 frames written: started over, the log never holds more than a fraction of them.
        if restarting {
            #expect(checkpointer.statistics.restarts > 0)
            #expect(largest < 2_000 * 4096)
        } else {
            // Without forced restarts the log grew past 8 MB in every run on a quiet machine; on a loaded
            // one (a CI run beside two builds: 28 s for this loop instead of 0.4) the passive checkpoints
            // keep up, the writer starts the log over by itself, and it stayed at 5 MB. So only the
            // checkpointer's own count is asserted here.
            #expect(checkpointer.statistics.restarts == 0)
        }
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") } == 1500)
    }

    /// A service that returned would end the gateway's service group: a checkpointer that cannot open the
    /// database keeps trying until shutdown.
    @Test func aCheckpointerThatCannotOpenTheDatabaseRunsUntilShutdown() async throws {
        actor Ended {
            var value = false
            func set() { value = true }
        }
        let logger = Logger(label: "test")
        let path = NSTemporaryDirectory() + "workjet-missing-" + UUID().uuidString + "/none/gateway.sqlite"
        let checkpointer = WALCheckpointer(path: path, interval: .milliseconds(10), logger: logger)
        let group = ServiceGroup(services: [checkpointer], logger: logger)
        let ended = Ended()
        let running = Task {
            try await group.run()
            await ended.set()
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await ended.value == false)
        #expect(checkpointer.statistics.checkpoints == 0)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(await ended.value)
    }
}

/// Another connection's checkpoint (a `workjet keys create` whose commit took the log past SQLite's 1,000
/// pages, an operator's `sqlite3`) makes the checkpointer's own return SQLITE_BUSY; that is the log being
/// copied by someone else, not an error for the operator's alerts.
@Suite struct WALCheckpointerContentionTests {
    /// A restarting checkpoint that waits on a reader keeps SQLite's checkpoint lock for as long as it waits.
    private func holdCheckpointLock(path: String, pool: DatabasePool, for milliseconds: Int) async throws {
        let readerHasSnapshot = DispatchSemaphore(value: 0), releaseReader = DispatchSemaphore(value: 0)
        let reader = Thread {
            _ = try? pool.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM filler")
                readerHasSnapshot.signal()
                releaseReader.wait()
            }
        }
        reader.start()
        readerHasSnapshot.wait()
        // Frames the reader's snapshot does not have: the restart has to wait for it.
        try await pool.write { db in try db.execute(sql: "INSERT INTO filler VALUES (zeroblob(5000))") }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Double(milliseconds) / 1000)
        let other = try DatabaseQueue(path: path, configuration: configuration)
        let checkpointing = Task.detached {
            _ = try? other.inDatabase { db in try db.checkpoint(.restart) }
        }
        await checkpointing.value
        releaseReader.signal()
    }

    /// A checkpointer every 5 ms on a fresh database, kept out by another connection's checkpoint for
    /// `holding` milliseconds, then given a commit to copy; `recovered` (given the checkpoints counted at
    /// that commit) says when to stop waiting for it. Returns the checkpointer, that count and the log.
    private func keptOut(
        for holding: Int, busyWarning: Duration = .seconds(60), until recovered: (WALCheckpointer, LogSink, Int) -> Bool
    ) async throws -> (checkpointer: WALCheckpointer, countAtCommit: Int, log: [String]) {
        let directory = NSTemporaryDirectory() + "workjet-wal-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/gateway.sqlite"
        let sink = LogSink()
        let pool = try SQLiteDatabase.open(path: path, synchronous: "normal", backgroundCheckpoints: true, logger: sink.logger())
        try await pool.write { db in try db.execute(sql: "CREATE TABLE filler(x BLOB)") }
        let checkpointer = WALCheckpointer(path: path, interval: .milliseconds(5), busyWarning: busyWarning, logger: sink.logger())
        let group = ServiceGroup(services: [checkpointer], logger: Logger(label: "test"))
        let countAtCommit = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await holdCheckpointLock(path: path, pool: pool, for: holding)
            try await pool.write { db in try db.execute(sql: "INSERT INTO filler VALUES (zeroblob(5000))") }
            let count = checkpointer.statistics.checkpoints
            for _ in 0..<1000 where !recovered(checkpointer, sink, count) { try await Task.sleep(for: .milliseconds(10)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return count
        }
        return (checkpointer, countAtCommit, sink.lines.withLock { $0 })
    }

    @Test func aCheckpointRunningElsewhereIsSkippedWithoutAnError() async throws {
        // Checkpoints work again once the other one is done.
        let (checkpointer, before, lines) = try await keptOut(for: 300) { checkpointer, _, before in
            checkpointer.statistics.checkpoints > before + 1
        }
        #expect(checkpointer.statistics.checkpoints > before + 1)
        #expect(checkpointer.statistics.skipped > 0)
        #expect(!lines.contains { $0.hasPrefix("error") || $0.hasPrefix("warning") }, "\(lines)")
    }

    @Test func aCheckpointKeptOutForLongIsAWarningOnce() async throws {
        let (_, _, lines) = try await keptOut(for: 500, busyWarning: .milliseconds(100)) { _, sink, _ in
            sink.text.contains("work again")
        }
        #expect(lines.filter { $0.hasPrefix("warning") }.count == 1, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("info") && $0.contains("work again") }, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("error") }, "\(lines)")
    }
}
