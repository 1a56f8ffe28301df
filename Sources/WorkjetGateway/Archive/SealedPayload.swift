import Foundation
import GRDB

/// One archived exchange as stored: the request the gateway forwarded (after DLP) and, for non-streaming
/// calls, the answer it returned (after the output policy), each sealed with AES-256-GCM.
///
/// Stored in `audit_payloads`, one row per audit record (keyed by its sequence number, found by request id
/// within a workspace); the table rejects UPDATE and DELETE like the audit log.
public struct SealedPayload: Sendable, Hashable, FetchableRecord, Decodable {
    /// The audit record's sequence number; set when committed.
    public var auditSeq: Int64?
    /// The audit record's request id.
    public var requestID: String
    /// The workspace.
    public var workspaceID: String
    /// Milliseconds since 1970.
    public var time: Int64
    /// The fingerprint of the key it was sealed with (``PayloadArchive/keyID``).
    public var keyID: String
    /// Nonce, ciphertext and tag of the request body.
    public var request: Data
    /// Nonce, ciphertext and tag of the response body, if one was archived.
    public var response: Data?

    enum CodingKeys: String, CodingKey {
        case time, request, response
        case auditSeq = "audit_seq"
        case requestID = "request_id"
        case workspaceID = "workspace_id"
        case keyID = "key_id"
    }

    /// Inserts the row for the audit record `seq`, in the audit writer's transaction.
    func insert(seq: Int64, _ db: Database) throws {
        // Cached: with archival on, this runs in every request's audit commit.
        try db.cachedStatement(
            sql: "INSERT INTO audit_payloads (audit_seq, request_id, workspace_id, time, key_id, request, response) VALUES (?,?,?,?,?,?,?)"
        ).execute(arguments: [seq, requestID, workspaceID, time, keyID, request, response])
    }

    /// The latest row of a request in a workspace, or `nil`; another workspace's rows are never returned.
    public static func fetch(requestID: String, workspaceID: String, _ db: Database) throws -> SealedPayload? {
        try SealedPayload.fetchOne(
            db, sql: "SELECT * FROM audit_payloads WHERE workspace_id = ? AND request_id = ? ORDER BY audit_seq DESC LIMIT 1",
            arguments: [workspaceID, requestID])
    }
}

/// An archived exchange after decryption.
public struct OpenedPayload: Sendable, Hashable {
    /// The audit record's request id.
    public var requestID: String
    /// The workspace.
    public var workspaceID: String
    /// Milliseconds since 1970.
    public var time: Int64
    /// The request body as forwarded upstream.
    public var request: [UInt8]
    /// The response body as returned to the client, if archived.
    public var response: [UInt8]?
}
