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
    /// - Parameter synchronous: `full` (durable across power loss) or `normal`.
    public static func open(path: String, synchronous: String = "full", logger: Logger) throws(GatewayError) -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let mode = synchronous == "normal" ? "NORMAL" : "FULL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(mode)")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
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
