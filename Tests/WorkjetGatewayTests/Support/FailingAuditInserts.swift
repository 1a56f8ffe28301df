import GRDB

extension DatabaseWriter {
    /// Makes every insert into the audit log fail with a full disk's message (a trigger), or ends that:
    /// what a full disk does to a commit, without filling one.
    func failAuditInserts(_ failing: Bool) async throws {
        try await write { db in
            try db.execute(sql: failing ? """
                CREATE TRIGGER test_disk_full BEFORE INSERT ON audit_log
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END
                """ : "DROP TRIGGER test_disk_full")
        }
    }
}
