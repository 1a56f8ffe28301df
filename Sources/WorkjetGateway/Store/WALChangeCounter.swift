import Foundation
import GRDBSQLite
import Synchronization

/// SQLite's count of committed transactions on a WAL-mode database, read from its shared-memory
/// wal-index (`<database>-shm`) without a system call or a lock.
///
/// The wal-index header (https://sqlite.org/walformat.html, "The WAL-Index Header") holds `iChange`, a
/// 32-bit counter that every transaction that commits changes increments by one, whichever connection
/// or process commits it; a checkpoint or a restart of the log leaves it alone. The header is written twice
/// (copies at bytes 0 and 48, the second first), and a reader that finds both copies equal has a
/// consistent one: the same protocol SQLite's readers follow. So two reads that return the same value
/// bracket a stretch in which nobody committed anything.
///
/// The header is read through SQLite's own mapping of the wal-index (the VFS's `xShmMap`), from a
/// connection its owner keeps open, never through a descriptor of the `-shm` file opened beside SQLite's:
/// closing any descriptor of a file drops every POSIX lock the process holds on it
/// (https://sqlite.org/howtocorrupt.html, 2.2), and the first counter did close one. That took away the
/// gateway's lock that tells other processes the wal-index is in use, so the next `sqlite3` or `workjet`
/// command to open the database took itself for the only user, truncated the wal-index and rebuilt it
/// under the running gateway, which then died of SIGBUS reading it (or could have corrupted the database).
///
/// The gateway uses it to skip the per-request key-revision read while nothing was committed since
/// the revision was last read (see ``KeyRevisionReader``, which owns the connection).
final class WALChangeCounter: @unchecked Sendable {
    /// The start of SQLite's mapping of the wal-index's first region; only ever read. Valid while the
    /// connection it was mapped through stays open.
    private let base: UnsafeRawPointer

    /// Offsets of `iChange` in the two copies of the header, and of `isInit` in the first.
    private static let changeOffsets = (8, 56)
    private static let isInitOffset = 12
    /// The size of a wal-index region, as SQLite maps them (`WALINDEX_PGSZ`).
    private static let regionSize: Int32 = 32_768

    /// Maps the header of the database `connection` is open on; nil when it is not in WAL mode. The
    /// counter must not be read after the connection is closed.
    init?(connection: OpaquePointer) {
        guard let base = Self.mapHeader(connection) else { return nil }
        self.base = base
    }

    /// SQLite's mapping of the wal-index's first region, or nil if the database is not in WAL mode. A read
    /// transaction first makes the connection open the wal-index; asking the VFS for a region it has
    /// mapped already returns it without growing or remapping anything.
    private static func mapHeader(_ connection: OpaquePointer) -> UnsafeRawPointer? {
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(connection, "PRAGMA journal_mode", -1, &statement, nil) == SQLITE_OK,
            sqlite3_step(statement) == SQLITE_ROW, let mode = sqlite3_column_text(statement, 0),
            String(cString: mode) == "wal", sqlite3_reset(statement) == SQLITE_OK,
            sqlite3_exec(connection, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK
        else { return nil }
        var file: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(connection, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK,
            let file, let methods = file.pointee.pMethods, methods.pointee.iVersion >= 2,
            let shmMap = methods.pointee.xShmMap
        else { return nil }
        var region: UnsafeMutableRawPointer?
        let code = withUnsafeMutablePointer(to: &region) { pointer in
            // `void volatile **` in C: the same pointer to a pointer.
            shmMap(file, 0, regionSize, 0, UnsafeMutablePointer(OpaquePointer(pointer)))
        }
        guard code == SQLITE_OK, let region else { return nil }
        return UnsafeRawPointer(region)
    }

    /// The number of transactions committed so far (modulo 2^32), or nil while the header is being
    /// rewritten or not initialised; callers then read what they need from the database.
    var value: UInt32? {
        let first = base.load(fromByteOffset: Self.changeOffsets.0, as: UInt32.self)
        let initialised = base.load(fromByteOffset: Self.isInitOffset, as: UInt8.self)
        // SQLite writes the second copy, a barrier, then the first: read in the opposite order.
        atomicMemoryFence(ordering: .acquiring)
        let second = base.load(fromByteOffset: Self.changeOffsets.1, as: UInt32.self)
        guard initialised != 0, first == second else { return nil }
        return first
    }
}
