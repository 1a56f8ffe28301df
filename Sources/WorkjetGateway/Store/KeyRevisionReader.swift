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
final class KeyRevisionReader: Sendable {
    /// An open connection and its prepared `SELECT`; only touched under ``state``'s lock.
    private struct Handles: @unchecked Sendable {
        let connection: OpaquePointer
        let statement: OpaquePointer
    }

    private enum Connection {
        case unopened
        case open(Handles)
        case unavailable
    }

    static let sql = "SELECT revision FROM api_key_revision WHERE id = 1"

    private let path: String
    private let state = Mutex(Connection.unopened)

    init(path: String) { self.path = path }

    deinit {
        if case .open(let handles) = state.withLock({ $0 }) {
            sqlite3_finalize(handles.statement)
            sqlite3_close(handles.connection)
        }
    }

    /// The revision, or nil when the row is missing; throws if the read failed. Returns `.none` (the outer
    /// optional) when no connection could be opened, for the caller to read through the pool instead.
    func revision() throws -> Int64?? {
        try state.withLock { state throws -> Int64?? in
            guard let handles = Self.open(&state, path: path) else { return .none }
            let select = RawStatement(handle: handles.statement, connection: handles.connection, sql: Self.sql)
            return .some(try select.first { row in row?.int64(0) })
        }
    }

    /// The open handles, opening them on first use; nil (and never tried again) when that fails.
    private static func open(_ state: inout Connection, path: String) -> Handles? {
        switch state {
        case .open(let handles): return handles
        case .unavailable: return nil
        case .unopened:
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
                state = .unavailable
                return nil
            }
            let handles = Handles(connection: connection, statement: statement)
            state = .open(handles)
            return handles
        }
    }
}
