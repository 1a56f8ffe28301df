import GRDB

/// Walks the audit chain and names the first record that does not fit.
public enum AuditVerifier {
    /// The verdict.
    public struct Report: Sendable, Hashable {
        /// Records checked.
        public var checked: Int
        /// The first broken record's sequence number, if any.
        public var firstBadSeq: Int64?
        /// Why it is broken.
        public var problem: String?
        /// Whether the whole chain verified.
        public var ok: Bool { firstBadSeq == nil }
    }

    /// Where a walk of the chain stands: the sequence number and the previous hash the next record must
    /// have (every record before it checked, so `expectedSeq - 1` of them).
    private struct Position: Sendable {
        var expectedSeq: Int64 = 1
        var previous = AuditChain.genesis
        var checked: Int { Int(expectedSeq - 1) }
    }

    /// Verifies every record in order, `pageSize` records per read transaction (constant memory).
    ///
    /// Each page is a read of its own. One read for the whole chain (about 4 µs a record: 40 s for ten
    /// million) would hold one snapshot of the database for all that time, and while a reader holds a
    /// snapshot the write-ahead log of a gateway serving meanwhile cannot start over, so it grows by
    /// everything written until the verification ends. The log is append-only, so the pages together see
    /// every record up to the last one that existed when the last page was read.
    public static func verify(_ pool: DatabasePool, pageSize: Int = 10_000) async throws -> Report {
        let pageSize = max(1, pageSize)
        var position = Position()
        while true {
            let start = position
            let (next, verdict, count) = try await pool.read { db in try verifyPage(db, from: start, limit: pageSize) }
            if let verdict { return verdict }
            position = next
            if count < pageSize { return Report(checked: position.checked, firstBadSeq: nil, problem: nil) }
        }
    }

    /// Checks up to `limit` records from `start`: the position after them, a report if one is broken, and
    /// how many were read. The first page reads from the lowest number, so that a tampered record numbered
    /// 0 or below is reported; the others continue after the last record checked.
    private static func verifyPage(_ db: Database, from start: Position, limit: Int) throws -> (Position, Report?, Int) {
        var position = start
        var count = 0
        let after = start.expectedSeq == 1 ? Int64.min : start.expectedSeq - 1
        let cursor = try AuditRecord.fetchCursor(
            db, sql: "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit])
        while let record = try cursor.next() {
            count += 1
            let seq = record.seq ?? -1
            let problem: String?
            if seq != position.expectedSeq {
                problem = seq > position.expectedSeq
                    ? "record \(position.expectedSeq) is missing (removed)" : "unexpected sequence number \(seq)"
            } else if record.prevHash != position.previous {
                problem = "record \(seq) does not link to the previous record (inserted or reordered)"
            } else if AuditChain.hash(record, seq: seq) != record.hash {
                problem = "record \(seq) was altered (its hash does not match its content)"
            } else {
                problem = nil
            }
            if let problem {
                let report = Report(checked: position.checked, firstBadSeq: min(seq, position.expectedSeq), problem: problem)
                return (position, report, count)
            }
            position.previous = record.hash
            position.expectedSeq += 1
        }
        return (position, nil, count)
    }
}
