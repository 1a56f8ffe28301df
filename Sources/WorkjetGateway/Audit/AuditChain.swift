import Crypto
import Foundation
import GRDB

/// The hash chain: each record's hash is SHA-256 over its canonical content, which includes its sequence
/// number and the previous record's hash, so altering, removing or inserting a record breaks the chain.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    /// Canonical content: the fields in a fixed order, each length-prefixed (no separator ambiguity).
    static func canonical(_ r: AuditRecord, seq: Int64) -> Data {
        var out = Data()
        func add(_ value: String?) {
            guard let value else { out.append(contentsOf: Array("-;".utf8)); return }
            let bytes = Array(value.utf8)
            out.append(contentsOf: Array("\(bytes.count):".utf8))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: ";"))
        }
        func add(_ value: Int64?) { add(value.map { String($0) }) }
        func add(_ value: Int?) { add(value.map { String($0) }) }
        add("workjet-audit-v1")
        add(seq)
        add(r.time)
        add(r.requestID)
        add(r.workspaceID)
        add(r.user)
        add(r.keyID)
        add(r.action)
        add(r.modelRequested)
        add(r.modelServed)
        add(r.provider)
        add(r.status)
        add(r.inputTokens)
        add(r.outputTokens)
        add(r.cost)
        add(r.dlpAction)
        add(r.dlpTypes)
        add(r.clientIP)
        add(r.userAgent)
        add(r.latencyMicroseconds)
        add(r.detail)
        add(r.prevHash)
        return out
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
