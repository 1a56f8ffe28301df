import GRDB
import Synchronization

/// Reads the key revision (one row) on the calling thread, from a connection of its own.
///
/// Every authenticated request reads the revision. Through the pool's asynchronous `read` that cost two
/// thread hand-offs (to the reader's dispatch queue and back), each a futex wake-up, for a read of a few
/// microseconds. This connection is used only here and only synchronously: callers queue on its serial
/// queue for the length of one `SELECT`, and nothing on it ever suspends, so it cannot hold up the
/// concurrency pool the way a synchronous read on the pool's readers did (see ``SQLiteStore/keyRevision()``).
/// In WAL mode a read never waits for the writer.
final class KeyRevisionReader: Sendable {
    private enum Connection {
        case unopened
        case open(DatabaseQueue)
        case unavailable
    }

    private let path: String
    private let connection = Mutex(Connection.unopened)

    init(path: String) { self.path = path }

    /// The revision, or nil when the row is missing; throws if the read failed. Returns `.none` (the outer
    /// optional) when no connection could be opened, for the caller to read through the pool instead.
    func revision() throws -> Int64?? {
        guard let queue = queue() else { return .none }
        return .some(try queue.inDatabase { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM api_key_revision WHERE id = 1"))
        })
    }

    private func queue() -> DatabaseQueue? {
        connection.withLock { connection in
            switch connection {
            case .open(let queue): return queue
            case .unavailable: return nil
            case .unopened:
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                configuration.label = "workjet.key-revision"
                guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else {
                    connection = .unavailable
                    return nil
                }
                connection = .open(queue)
                return queue
            }
        }
    }
}
