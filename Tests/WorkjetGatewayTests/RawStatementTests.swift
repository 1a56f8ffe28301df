import GRDB
import Testing
@testable import WorkjetGateway

/// Statements bound and stepped through SQLite's C API store what GRDB would, and fail with SQLite's message.
@Suite struct RawStatementTests {
    private func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT, u TEXT UNIQUE)") }
        return queue
    }

    @Test func bindsTextIntegersAndNulls() throws {
        let queue = try database()
        try queue.write { db in
            let insert = RawStatement(try db.cachedStatement(sql: "INSERT INTO t (id, n, s, u) VALUES (?,?,?,?)"), in: db)
            let rows: [(Int64, Int?, String?, String?)] = [(1, 42, "", "é ✓ \u{0}x"), (2, nil, nil, "b"), (3, -7, "plain", nil)]
            for (id, n, s, u) in rows {
                insert.bind(id, at: 1)
                insert.bind(n, at: 2)
                insert.bind(s, at: 3)
                insert.bind(u, at: 4)
                try insert.run()
            }
        }
        let stored = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, n, s, u, typeof(s) AS ts, hex(u) AS hu FROM t ORDER BY id")
        }
        #expect(stored.count == 3)
        #expect(stored[0]["n"] as Int? == 42)
        #expect(stored[0]["s"] as String? == "")
        #expect(stored[0]["ts"] as String? == "text")
        // Every byte, the NUL and what follows included (GRDB's own binding stops at a NUL; reading back
        // through GRDB does too, hence the hex).
        #expect(stored[0]["hu"] as String? == "C3A920E29C93200078")
        #expect(stored[1]["n"] as Int? == nil)
        #expect(stored[1]["ts"] as String? == "null")
        #expect(stored[2]["n"] as Int? == -7)
        #expect(stored[2]["u"] as String? == nil)
    }

    @Test func readsTheFirstRowOrNone() throws {
        let queue = try database()
        try queue.write { db in
            try db.execute(sql: "INSERT INTO t (id, n, s) VALUES (5, 9, 'five'), (6, 10, 'six')")
            let last = RawStatement(try db.cachedStatement(sql: "SELECT n, s FROM t ORDER BY id DESC LIMIT 1"), in: db)
            // Twice: the statement is reset after each use.
            for _ in 0..<2 {
                let row = try last.first { row in row.map { ($0.int64(0), $0.text(1)) } }
                #expect(row?.0 == 10)
                #expect(row?.1 == "six")
            }
            let none = RawStatement(try db.cachedStatement(sql: "SELECT n FROM t WHERE id = 99"), in: db)
            #expect(try none.first { $0 == nil })
        }
    }

    @Test func aFailedStepThrowsSQLitesMessageAndLeavesTheStatementReusable() throws {
        let queue = try database()
        try queue.write { db in
            let insert = RawStatement(try db.cachedStatement(sql: "INSERT INTO t (id, u) VALUES (?,?)"), in: db)
            insert.bind(Int64(1), at: 1)
            insert.bind("same", at: 2)
            try insert.run()
            insert.bind(Int64(2), at: 1)
            do {
                try insert.run()
                Issue.record("a duplicate unique value was inserted")
            } catch let error as DatabaseError {
                #expect(error.resultCode == .SQLITE_CONSTRAINT)
                #expect(error.message?.contains("UNIQUE constraint failed: t.u") == true, "\(error)")
                #expect(error.sql == "INSERT INTO t (id, u) VALUES (?,?)")
            }
            insert.bind("other", at: 2)
            try insert.run()
        }
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 2)
    }

    @Test func aTransactionCommitsOrRollsBackEverything() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            try db.execute(sql: """
                CREATE TABLE child (id INTEGER PRIMARY KEY,
                  parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)
                """)
        }
        struct Stop: Error {}
        try queue.writeWithoutTransaction { db in
            let count = { () throws -> Int in try Int.fetchOne(db, sql: "SELECT count(*) FROM parent") ?? -1 }
            var inside = false
            let result = try RawStatement.transaction(in: db) { () throws -> Int in
                try db.execute(sql: "INSERT INTO parent (id) VALUES (1)")
                inside = db.isInsideTransaction
                return 7
            }
            #expect(result == 7)
            #expect(inside)
            #expect(!db.isInsideTransaction)
            #expect(try count() == 1)
            // The body throws: its insert is rolled back.
            #expect(throws: Stop.self) {
                try RawStatement.transaction(in: db) {
                    try db.execute(sql: "INSERT INTO parent (id) VALUES (2)")
                    throw Stop()
                }
            }
            #expect(!db.isInsideTransaction)
            #expect(try count() == 1)
            // The commit fails (a deferred foreign key): the transaction is rolled back, not left open.
            #expect(throws: DatabaseError.self) {
                try RawStatement.transaction(in: db) {
                    try db.execute(sql: "INSERT INTO parent (id) VALUES (3)")
                    try db.execute(sql: "INSERT INTO child (id, parent) VALUES (1, 99)")
                }
            }
            #expect(!db.isInsideTransaction)
            #expect(try count() == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM child") == 0)
        }
    }
}
