import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Testing
@testable import WorkjetGateway

/// The key revision is read from the database only when something was committed since it was last known,
/// and every commit by anyone else (another connection, another process, an operator's `sqlite3`) makes
/// the next request read it again.
@Suite struct KeyRevisionReaderTests {
    /// A migrated database in a fresh directory, with workspace `ws` and key `k1`.
    private func database() throws -> (pool: DatabasePool, directory: String) {
        let directory = NSTemporaryDirectory() + "workjet-key-revision-" + UUID().uuidString
        let pool = try SQLiteDatabase.open(path: directory + "/gateway.sqlite", synchronous: "normal", logger: Logger(label: "test"))
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'ws', 0);
                INSERT INTO api_keys (id, workspace_id, role, name, hash, prefix, created_at)
                VALUES ('k1', 'ws', 'member', 'k', x'00', 'wj_live_x', 0);
                """)
        }
        return (pool, directory)
    }

    /// What `sqlite3` in another terminal would do: a connection of its own, no gateway code.
    private func outside(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
    }

    @Test func theCommitCountMovesByOneForEveryCommitAndOnlyThen() throws {
        let (pool, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reader = KeyRevisionReader(path: pool.path)
        let counter = try #require(reader.changes)
        let start = try #require(counter.value)
        try outside(pool.path, "UPDATE api_keys SET name = 'a' WHERE id = 'k1'")
        #expect(counter.value == start &+ 1)
        try pool.write { db in try db.execute(sql: "UPDATE api_keys SET name = 'b' WHERE id = 'k1'") }
        #expect(counter.value == start &+ 2)
        // Reads, a transaction that changes nothing, and a checkpoint that restarts the log leave it alone.
        _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM api_keys") }
        try pool.write { db in try db.execute(sql: "UPDATE api_keys SET name = 'b' WHERE id = 'nobody'") }
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(RESTART)") }
        #expect(counter.value == start &+ 2)
        try outside(pool.path, "UPDATE api_keys SET name = 'c' WHERE id = 'k1'")
        #expect(counter.value == start &+ 3)
        #expect(KeyRevisionReader(path: directory + "/missing.sqlite").changes == nil)
    }

    #if os(Linux)
    /// Whether another process sees the database at `path` in use, asked the way SQLite in that process
    /// asks when it opens the database: can it take a write lock on the wal-index's "dead man switch"
    /// byte (128 = `UNIX_SHM_DMS` in SQLite's `os_unix.c`), on which every connection holds a read lock?
    /// If it can, it truncates and rebuilds the wal-index under the connections that have it mapped.
    /// The question is put by `python3` (`fcntl` `F_GETLK`): a process asking about its own locks is
    /// always told the byte is free, and opening the file here to ask would itself drop our locks on close.
    private struct LockQueryFailed: Error, CustomStringConvertible { let description: String }

    private func inUseForAnotherProcess(_ path: String) throws -> Bool {
        let script = """
            import fcntl, os, struct, sys
            fd = os.open(sys.argv[1], os.O_RDWR)
            query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 128, 1, 0)
            answer = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, query))
            print("free" if answer[0] == fcntl.F_UNLCK else "held")
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        python.standardOutput = pipe
        python.standardError = pipe
        try python.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        guard python.terminationStatus == 0, ["free\n", "held\n"].contains(output) else {
            throw LockQueryFailed(description: "python3 could not ask about the locks on \(path): \(output)")
        }
        return output == "held\n"
    }

    /// SQLite holds a lock on the wal-index while the database is open, which tells other processes it is
    /// in use; without it the next process to open the database truncates and rebuilds the wal-index under
    /// the gateway (which then died of SIGBUS: the first counter closed a descriptor of the `-shm` file,
    /// and closing any descriptor of a file drops all of the process's locks on it).
    @Test func theCounterLeavesSQLitesLockOnTheWalIndex() throws {
        let (pool, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM api_keys") }
        let walIndex = pool.path + "-shm"
        #expect(try inUseForAnotherProcess(walIndex))
        do {
            let reader = KeyRevisionReader(path: pool.path)
            let counter = try #require(reader.changes)
            #expect(counter.value != nil)
            #expect(try inUseForAnotherProcess(walIndex))
            _ = try reader.revision()
            #expect(try inUseForAnotherProcess(walIndex))
        }
        // Gone again (its connection closed): the pool's lock stays.
        #expect(try inUseForAnotherProcess(walIndex))
        try pool.write { db in try db.execute(sql: "UPDATE api_keys SET name = 'z' WHERE id = 'k1'") }
        #expect(try inUseForAnotherProcess(walIndex))
    }
    #endif

    @Test func aDatabaseNotInWALModeHasNoCounter() throws {
        let directory = NSTemporaryDirectory() + "workjet-key-revision-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let queue = try DatabaseQueue(path: directory + "/rollback.sqlite")
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE api_key_revision (id INTEGER PRIMARY KEY, revision INTEGER); INSERT INTO api_key_revision VALUES (1, 7)")
        }
        let reader = KeyRevisionReader(path: directory + "/rollback.sqlite")
        // The reader's connection works (it reads the revision itself); only the counter is missing.
        #expect(try reader.revision() == .some(7))
        #expect(reader.changes == nil)
        // And asking did not make a wal-index for it.
        #expect(!FileManager.default.fileExists(atPath: directory + "/rollback.sqlite-shm"))
    }

    @Test func theRevisionIsReadAgainOnlyAfterACommit() throws {
        let (pool, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reader = KeyRevisionReader(path: pool.path)
        let first = try reader.revision()
        #expect(reader.reads == 1)
        for _ in 0..<5 { #expect(try reader.revision() == first) }
        #expect(reader.reads == 1)
        // A commit that does not touch keys: read again, same revision.
        try outside(pool.path, "UPDATE api_keys SET last_used_at = 5 WHERE id = 'k1'")
        #expect(try reader.revision() == first)
        #expect(reader.reads == 2)
        // A revocation from outside: the very next call sees it.
        try outside(pool.path, "UPDATE api_keys SET revoked_at = 1 WHERE id = 'k1'")
        let revoked = try reader.revision()
        #expect(revoked != first)
        #expect(reader.reads == 3)
        #expect(try reader.revision() == revoked)
        #expect(reader.reads == 3)
    }

    @Test func auditCommitsKeepTheRevisionCurrentAndRevocationsStillShowAtOnce() async throws {
        let (pool, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logger = Logger(label: "test")
        let reader = KeyRevisionReader(path: pool.path)
        let log = AuditLog(pool: pool, maxBatch: 16, inlineCommits: true, keyRevisions: reader, logger: logger)
        let group = ServiceGroup(services: [log], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let revision = try reader.revision()
            for n in 0..<10 {
                log.requestStarted()
                try await log.append(AuditRecord(requestID: "r\(n)", action: "chat.completions", status: 200, workspaceID: "ws"))
                log.requestEnded()
                // Each commit told the reader the revision it committed under: no read.
                #expect(try reader.revision() == revision)
            }
            #expect(reader.reads == 1)
            try outside(pool.path, "UPDATE api_keys SET revoked_at = 1 WHERE id = 'k1'")
            #expect(try reader.revision() != revision)
            #expect(reader.reads == 2)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
