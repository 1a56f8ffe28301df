import Crypto
import Foundation
import GRDB

/// The hash chain: each record's hash is SHA-256 over its canonical content, which includes its sequence
/// number and the previous record's hash, so altering, removing or inserting a record breaks the chain.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    /// Canonical content: the fields in a fixed order, each length-prefixed (no separator ambiguity).
    ///
    /// Written straight into one byte array (numbers formatted in place): building it from `Data`, a
    /// `String` per number and an array per field cost about 1.5% of the gateway's CPU in the benchmark's profile.
    static func canonical(_ r: AuditRecord, seq: Int64) -> [UInt8] {
        var out = CanonicalWriter()
        out.add("workjet-audit-v1")
        out.add(seq)
        out.add(r.time)
        out.add(r.requestID)
        out.add(r.workspaceID)
        out.add(r.user)
        out.add(r.keyID)
        out.add(r.action)
        out.add(r.modelRequested)
        out.add(r.modelServed)
        out.add(r.provider)
        out.add(r.status)
        out.add(r.inputTokens)
        out.add(r.outputTokens)
        out.add(r.cost)
        out.add(r.dlpAction)
        out.add(r.dlpTypes)
        out.add(r.clientIP)
        out.add(r.userAgent)
        out.add(r.latencyMicroseconds)
        out.add(r.detail)
        out.add(r.prevHash)
        return out.bytes
    }

    static func hash(_ r: AuditRecord, seq: Int64) -> String {
        Hex.encode(SHA256.hash(data: canonical(r, seq: seq)))
    }

    /// Appends records in one open transaction: reads the chain head, links and inserts each.
    /// Returns the records with their sequence numbers and hashes.
    static func append(_ records: [AuditRecord], in db: Database) throws -> [AuditRecord] {
        let head = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        var seq: Int64 = head?["seq"] ?? 0
        var previous: String = head?["hash"] ?? genesis
        var written: [AuditRecord] = []
        written.reserveCapacity(records.count)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO audit_log (seq, time, request_id, workspace_id, user, key_id, action, model_requested,
              model_served, provider, status, input_tokens, output_tokens, cost, dlp_action, dlp_types, client_ip,
              user_agent, latency_us, detail, prev_hash, hash)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        for var r in records {
            seq += 1
            r.seq = seq
            r.prevHash = previous
            r.hash = hash(r, seq: seq)
            try statement.execute(arguments: [
                seq, r.time, r.requestID, r.workspaceID, r.user, r.keyID, r.action, r.modelRequested, r.modelServed,
                r.provider, r.status, r.inputTokens, r.outputTokens, r.cost, r.dlpAction, r.dlpTypes, r.clientIP,
                r.userAgent, r.latencyMicroseconds, r.detail, r.prevHash, r.hash,
            ])
            previous = r.hash
            written.append(r)
        }
        return written
    }
}
