import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Synchronization

/// Checkpoints the database's write-ahead log from a thread and a connection of its own, so that no
/// audited request waits for a checkpoint.
///
/// SQLite's automatic checkpoint runs inside the commit that takes the log past 1,000 pages: with every
/// audit record touching about ten pages (the record, its indexes, the key's last use), one request in a
/// hundred at one connection waited for it, and the gateway's p99 at one connection was 3.4-3.8 ms where
/// its p90 was 0.9 ms. The gateway's pool turns the automatic checkpoint off
/// (``SQLiteDatabase/open(path:synchronous:backgroundCheckpoints:logger:)``) and this service runs a
/// passive checkpoint every ``interval``: it copies what the log holds into the database without waiting
/// for, or blocking, the writer or any reader, and the writer starts the log over once everything in it
/// has been copied. Run it as a service; on shutdown it checkpoints once more, then stops.
///
/// Under steady load the writer never finds everything copied (a commit lands while each checkpoint runs),
/// so it never started the log over and the log only grew: 215 MB in ten seconds at one connection, and
/// without bound under sustained traffic. Past ``restartFrames`` frames the checkpointer therefore runs a
/// restarting checkpoint: it holds the writer back while it copies the few frames written since the
/// passive one, so that the next commit starts the log over. The log then stays a few tens of MB, which
/// also keeps its pages in the kernel's cache: a frame written into a page the kernel had dropped made
/// the write read the disk block first (6 % of the gateway's CPU at one connection, plus the wait). A
/// truncating checkpoint (with `journal_size_limit = 0`) was tried and dropped: with it the p99 at 8
/// connections rose to 15-18 ms.
///
/// Only one connection checkpoints at a time. While another one does (a `workjet keys create` whose commit
/// took the log past SQLite's automatic 1,000 pages, an operator's `sqlite3`), this one's checkpoint
/// returns SQLITE_BUSY: the log is being copied, by them, and the interval is skipped without a word.
/// Kept out for ``busyWarning`` at a stretch, it logs a warning, once, since the log then grows.
public final class WALCheckpointer: Service, Sendable {
    /// Time between two checkpoints.
    public let interval: Duration
    /// Frames in the log past which a checkpoint makes the writer start it over.
    public let restartFrames: Int
    /// How long other connections' checkpoints may keep this one out before it logs a warning.
    public let busyWarning: Duration
    let path: String
    let logger: Logger
    private let closed = Mutex(false)
    /// Signalled by ``close()`` to end the wait between checkpoints early.
    private let wakeup = DispatchSemaphore(value: 0)
    private let counts = Mutex((checkpoints: 0, logFrames: 0, copiedFrames: 0, restarts: 0, skipped: 0))

    /// Creates a checkpointer for the database file at `path`.
    public init(
        path: String, interval: Duration = .milliseconds(200), restartFrames: Int = 4_096,
        busyWarning: Duration = .seconds(60), logger: Logger
    ) {
        self.path = path
        self.interval = interval
        self.restartFrames = restartFrames
        self.busyWarning = busyWarning
        self.logger = logger
    }

    /// Checkpoints run so far, and the last one's count of frames in the log and of those copied into the
    /// database (SQLite's counts: both zero when the writer had started the log over), how many
    /// checkpoints restarted the log, and how many were skipped because another connection was checkpointing.
    public var statistics: (checkpoints: Int, logFrames: Int, copiedFrames: Int, restarts: Int, skipped: Int) {
        counts.withLock { $0 }
    }

    /// Runs the checkpoint thread until graceful shutdown (or cancellation).
    public func run() async throws {
        await DedicatedThread.run(named: "workjet-wal-checkpoint", { self.checkpointUntilClosed() }, stop: { self.close() })
    }

    private func close() {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if !wasClosed { wakeup.signal() }
    }

    /// Checkpoints every ``interval`` until closed. It never returns early: a service group would take
    /// a returning service for the end of the gateway. A connection that cannot be opened, or a
    /// checkpoint that fails, is tried again at the next interval and logged once until it works.
    private func checkpointUntilClosed() {
        let nanoseconds = interval.nanoseconds
        var queue: DatabaseQueue?
        var failing = false
        // Since when other connections' checkpoints have kept this one out, and whether that was said.
        var busySince: ContinuousClock.Instant?
        var warned = false
        while true {
            let stop = wakeup.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success || closed.withLock { $0 }
            do {
                if queue == nil {
                    var configuration = Configuration()
                    configuration.label = "workjet.wal-checkpoint"
                    queue = try DatabaseQueue(path: path, configuration: configuration)
                }
                if let queue { try checkpoint(queue) }
                if failing || warned { logger.info("WAL checkpoints work again") }
                failing = false
                busySince = nil
                warned = false
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && queue != nil {
                counts.withLock { $0.skipped += 1 }
                let now = ContinuousClock.now
                let since = busySince ?? now
                busySince = since
                if !warned, now - since >= busyWarning {
                    logger.warning(
                        "WAL checkpoints kept out by another connection's; the log grows until they get through",
                        metadata: ["seconds": "\((now - since).components.seconds)"])
                    warned = true
                }
            } catch {
                // Until it works the log grows; SQLite folds it into the database when the last connection closes.
                if !failing {
                    logger.error("WAL checkpoint failed; retrying", metadata: ["reason": "\(SQLiteDatabase.reason(error))"])
                }
                failing = true
            }
            if stop { return }
        }
    }

    private func checkpoint(_ queue: DatabaseQueue) throws {
        let result = try queue.inDatabase { db in try db.checkpoint(.passive) }
        var restarted = false
        if result.walFrameCount > restartFrames {
            // Without a busy handler: if a commit or a read is under way it gives up (the copy done stays
            // done) and the next interval tries again.
            do {
                _ = try queue.inDatabase { db in try db.checkpoint(.restart) }
                restarted = true
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            }
        }
        counts.withLock {
            $0.checkpoints += 1
            $0.logFrames = result.walFrameCount
            $0.copiedFrames = result.checkpointedFrameCount
            if restarted { $0.restarts += 1 }
        }
    }
}
