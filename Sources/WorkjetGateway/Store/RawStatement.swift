import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through SQLite's C API, for the statements every request runs
/// (the audit append, the key revision).
///
/// GRDB's `execute(arguments:)` boxes each argument, checks the count against the statement, and runs its
/// per-statement bookkeeping around each step; on the audit log's 22-column insert that took more of the
/// gateway's CPU than SQLite's own work for it. The statement itself still comes from GRDB's per-connection
/// cache (`Database.cachedStatement(sql:)`), which owns and finalizes it; keep that `Statement` alive while
/// this value is used.
struct RawStatement {
    /// SQLite's statement handle.
    let handle: OpaquePointer
    /// The connection it was prepared on, for error messages.
    let connection: OpaquePointer?
    /// The SQL for error messages: GRDB's statement (its `sql` builds a string, so it is read only on
    /// failure), or the text of a statement prepared without GRDB.
    private let source: Source

    private enum Source {
        case grdb(Statement)
        case text(String)
    }

    /// Wraps a statement of `db` (from `db.cachedStatement(sql:)` or `db.makeStatement(sql:)`).
    init(_ statement: Statement, in db: Database) {
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        source = .grdb(statement)
    }

    /// Wraps a statement prepared with `sqlite3_prepare_v2` on `connection` from `sql`; the caller owns both.
    init(handle: OpaquePointer, connection: OpaquePointer, sql: String) {
        self.handle = handle
        self.connection = connection
        source = .text(sql)
    }

    /// Binds an integer, or NULL for nil, to the 1-based parameter `index`.
    func bind(_ value: Int64?, at index: Int32) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds an integer, or NULL for nil, to the 1-based parameter `index`.
    func bind(_ value: Int?, at index: Int32) {
        bind(value.map(Int64.init), at: index)
    }

    /// Binds text (copied by SQLite), or NULL for nil, to the 1-based parameter `index`.
    func bind(_ value: String?, at index: Int32) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            // An empty buffer may have no address, and a NULL pointer would bind NULL instead of "".
            if let base = bytes.baseAddress {
                _ = sqlite3_bind_text(handle, index, base, Int32(bytes.count), Self.transient)
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    /// Runs a statement that returns no rows, then resets it for the next use.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Steps to the first row and hands it to `read`, or calls `read` with nil when there is none; resets the
    /// statement either way.
    func first<T>(_ read: (Row?) -> T) throws -> T {
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return read(Row(handle: handle))
        case SQLITE_DONE: return read(nil)
        case let code: throw failure(code)
        }
    }

    /// Runs `body` in an `IMMEDIATE` transaction begun and committed through cached statements, rolled back
    /// when `body` or the commit throws. For `DatabaseWriter.writeWithoutTransaction`: GRDB's own `write`
    /// parses its `BEGIN` and `COMMIT` again on every call.
    static func transaction<T>(in db: Database, _ body: () throws -> T) throws -> T {
        let begin = try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION")
        try RawStatement(begin, in: db).run()
        do {
            let result = try body()
            try RawStatement(try db.cachedStatement(sql: "COMMIT TRANSACTION"), in: db).run()
            return result
        } catch {
            // Not through a statement of the cache: a failed commit may already have ended the transaction.
            if !db.isInsideTransaction { throw error }
            try? db.execute(sql: "ROLLBACK TRANSACTION")
            throw error
        }
    }

    /// Column access on the current row of a stepped statement.
    struct Row {
        let handle: OpaquePointer

        /// The integer in column `index` (0-based); 0 for NULL.
        func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

        /// The text in column `index` (0-based), or nil for NULL.
        func text(_ index: Int32) -> String? {
            guard let text = sqlite3_column_text(handle, index) else { return nil }
            let count = Int(sqlite3_column_bytes(handle, index))
            return String(decoding: UnsafeRawBufferPointer(start: text, count: count), as: UTF8.self)
        }
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        let sql = switch source {
        case .grdb(let statement): statement.sql
        case .text(let text): text
        }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the bind returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
