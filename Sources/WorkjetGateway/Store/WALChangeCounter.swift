import Foundation
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
/// The gateway uses it to skip the per-request key-revision read while nothing was committed since
/// the revision was last read (see ``KeyRevisionReader``).
final class WALChangeCounter: @unchecked Sendable {
    /// The start of the read-only mapping of the header's page; never written through.
    private let base: UnsafeRawPointer

    /// Offsets of `iChange` in the two copies of the header, and of `isInit` in the first.
    private static let changeOffsets = (8, 56)
    private static let isInitOffset = 12
    /// The header's two copies, then the checkpoint information: what is mapped.
    static let mappedLength = 136

    /// Maps the header of the database at `databasePath`; nil when there is no wal-index to map (the
    /// database is not open in WAL mode by anyone yet, or the file cannot be read).
    init?(databasePath: String) {
        let descriptor = open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        // A wal-index shorter than its header is not initialised; mapping past the end would fault.
        guard fstat(descriptor, &status) == 0, status.st_size >= Self.mappedLength else { return nil }
        guard let mapping = mmap(nil, Self.mappedLength, PROT_READ, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED
        else { return nil }
        base = UnsafeRawPointer(mapping)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), Self.mappedLength) }

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
