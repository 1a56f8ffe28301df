import GRDB
import GRDBSQLite
import Synchronization

/// Reads the key revision (one row) on the calling thread, from a connection of its own.
///
/// Every authenticated request reads the revision. Through the pool's asynchronous `read` that cost two
/// thread hand-offs (to the reader's dispatch queue and back), each a futex wake-up, for a read of a few
/// microseconds. This connection is used only here and only synchronously: callers take its lock for the
/// length of one `SELECT`, and nothing under it ever suspends, so it cannot hold up the concurrency pool the
/// way a synchronous read on the pool's readers did (see ``SQLiteStore/keyRevision()``). In WAL mode a read
/// never waits for the writer.
///
/// The connection and its one prepared statement are SQLite's own (C API), not a GRDB queue: the queue's
/// dispatch hop, statement cache lookup and row decoding were most of the read's cost.
///
/// Most requests do not read at all. A revision is kept with the database's commit count (SQLite's
/// `iChange`, ``WALChangeCounter``) at which it was true, and is used again while that count has not moved:
/// nothing committed means nothing revoked, whoever would have committed it (this process, the CLI, an
/// operator's `sqlite3`). The audit writer keeps it current under load: each of its commits reads the
/// revision inside its own transaction and publishes it with the count its commit produced
/// (``publish(_:committedAt:)``), so the count moves past a kept revision only when someone else commits.
/// The read (a read transaction with its locks, and the pages SQLite reloads after every commit) cost 6-14 µs
/// of the 145-171 µs of CPU a request took at 8 connections (a build with the read switched off).
final class KeyRevisionReader: Sendable {
    /// The connection and its prepared `SELECT`; the statement is only stepped under ``handles``' lock.
    private struct Handles: @unchecked Sendable {
        let connection: OpaquePointer
        let statement: OpaquePointer
    }

    static let sql = "SELECT revision FROM api_key_revision WHERE id = 1"

    /// A revision and the commit count at which it was read.
    struct Kept {
        var revision: Int64?
        var change: UInt32
    }

    /// Opened once; nil when the database could not be opened (callers then read through the pool).
    private let handles: Mutex<Handles?>
    /// The database's commit count, read through ``handles``' connection; nil when the wal-index could not
    /// be mapped (every request then reads).
    let changes: WALChangeCounter?
    private let kept = Mutex<Kept?>(nil)
    /// How many times the revision was read from the database (for tests).
    private let readCount = Atomic<Int>(0)

    init(path: String) {
        let opened = Self.open(path: path)
        changes = opened.flatMap { WALChangeCounter(connection: $0.connection) }
        handles = Mutex(opened)
    }

    /// Reads made so far (for tests).
    var reads: Int { readCount.load(ordering: .relaxed) }

    deinit {
        if let handles = handles.withLock({ $0 }) {
            sqlite3_finalize(handles.statement)
            sqlite3_close(handles.connection)
        }
    }

    /// The revision, or nil when the row is missing; throws if the read failed. Returns `.none` (the outer
    /// optional) when no connection could be opened, for the caller to read through the pool instead.
    func revision() throws -> Int64?? {
        let before = changes?.value
        if let before, let kept = kept.withLock({ $0 }), kept.change == before { return .some(kept.revision) }
        let read = try handles.withLock { handles throws -> Int64?? in
            guard let handles else { return .none }
            let select = RawStatement(handle: handles.statement, connection: handles.connection, sql: Self.sql)
            return .some(try select.first { row in row?.int64(0) })
        }
        readCount.add(1, ordering: .relaxed)
        // Kept only if nothing was committed while it was read: the read saw exactly that state.
        if case .some(let revision) = read, let before, changes?.value == before {
            publish(revision, committedAt: before)
        }
        return read
    }

    /// For a writer inside its own transaction (which holds SQLite's write lock, so the count cannot move
    /// until it commits): the revision and the count now. After a commit that wrote something, pass both to
    /// ``publishAfterCommit(_:)``.
    func readInWriteTransaction(_ db: Database) throws -> Kept? {
        guard let change = changes?.value else { return nil }
        let select = try RawStatement(db.cachedStatement(sql: Self.sql), in: db)
        return Kept(revision: try select.first { row in row?.int64(0) }, change: change)
    }

    /// Keeps a writer's reading (``readInWriteTransaction(_:)``) if its commit is the last one: the count
    /// moved by exactly one since, so nobody else committed around it.
    func publishAfterCommit(_ reading: Kept) {
        let committed = reading.change &+ 1
        if changes?.value == committed { publish(reading.revision, committedAt: committed) }
    }

    /// Keeps `revision` as true at commit count `change`, unless a newer count is kept already.
    func publish(_ revision: Int64?, committedAt change: UInt32) {
        kept.withLock { kept in
            // Counts only grow (modulo 2^32): an older reading finishing late must not replace a newer one.
            if let current = kept, Int32(bitPattern: change &- current.change) < 0 { return }
            kept = Kept(revision: revision, change: change)
        }
    }

    /// A connection to the database at `path` and the prepared `SELECT`; nil when either fails.
    private static func open(path: String) -> Handles? {
        var connection: OpaquePointer?
        var statement: OpaquePointer?
        // Read-write without create: the pool has made the file and its WAL; this connection only reads.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &connection, flags, nil) == SQLITE_OK, let connection,
            sqlite3_busy_timeout(connection, 10_000) == SQLITE_OK,
            sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement
        else {
            sqlite3_finalize(statement)
            sqlite3_close(connection)
            return nil
        }
        return Handles(connection: connection, statement: statement)
    }
}
