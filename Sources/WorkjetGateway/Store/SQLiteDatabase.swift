import Foundation
import GRDB
import Logging

/// Opens the gateway's SQLite database in WAL mode and applies migrations.
///
/// GRDB runs every read and write on its own dispatch queues, so SQLite never blocks an event-loop thread;
/// a `DatabasePool` lets readers run concurrently with the single writer.
public enum SQLiteDatabase {
    /// Opens (creating if needed) the database at `path`.
    ///
    /// - Parameters:
    ///   - synchronous: `full` (durable across power loss) or `normal`.
    ///   - backgroundCheckpoints: turns SQLite's automatic WAL checkpoint off on the pool's connections,
    ///     for a ``WALCheckpointer`` to run them instead (the gateway: no commit then waits for one).
    public static func open(
        path: String, synchronous: String = "full", backgroundCheckpoints: Bool = false, logger: Logger
    ) throws(GatewayError) -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let mode = synchronous == "normal" ? "NORMAL" : "FULL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(mode)")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            if backgroundCheckpoints { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
            logger.debug("database ready", metadata: ["path": "\(path)"])
            return pool
        } catch {
            throw GatewayError(.storage, "cannot open database \(path): \(Self.reason(error))")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode)" }
        return "\(type(of: error))"
    }
}
