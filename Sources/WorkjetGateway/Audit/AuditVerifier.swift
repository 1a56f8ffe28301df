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

    /// Verifies every record in order, streaming (constant memory).
    public static func verify(_ pool: DatabasePool) async throws -> Report {
        try await pool.read { db in
            var expectedSeq: Int64 = 1
            var previous = AuditChain.genesis
            var checked = 0
            let cursor = try AuditRecord.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
            while let record = try cursor.next() {
                let seq = record.seq ?? -1
                if seq != expectedSeq {
                    let problem = seq > expectedSeq
                        ? "record \(expectedSeq) is missing (removed)" : "unexpected sequence number \(seq)"
                    return Report(checked: checked, firstBadSeq: min(seq, expectedSeq), problem: problem)
                }
                if record.prevHash != previous {
                    return Report(checked: checked, firstBadSeq: seq, problem: "record \(seq) does not link to the previous record (inserted or reordered)")
                }
                if AuditChain.hash(record, seq: seq) != record.hash {
                    return Report(checked: checked, firstBadSeq: seq, problem: "record \(seq) was altered (its hash does not match its content)")
                }
                previous = record.hash
                expectedSeq += 1
                checked += 1
            }
            return Report(checked: checked, firstBadSeq: nil, problem: nil)
        }
    }
}
