import Foundation
import GRDB

extension PayloadArchive {
    /// The archived exchange of a request in a workspace, decrypted; `nil` if none was archived there.
    ///
    /// Throws `archive_unreadable` when the row was sealed under another key or was altered.
    public func read(requestID: String, workspaceID: String, pool: DatabasePool) async throws -> OpenedPayload? {
        let row = try await pool.read { db in try SealedPayload.fetch(requestID: requestID, workspaceID: workspaceID, db) }
        guard let row else { return nil }
        return try open(row)
    }
}

/// An archived exchange as the admin API and `workjet audit payload` show it: the bodies as text.
public struct PayloadView: Codable, Sendable, Hashable {
    /// The audit record's request id.
    public var request_id: String
    /// Milliseconds since 1970.
    public var time: Int64
    /// The request body as forwarded upstream (JSON text).
    public var request: String
    /// The response body as returned to the client (JSON text), if archived.
    public var response: String?

    /// The view of an opened payload.
    public init(_ payload: OpenedPayload) {
        request_id = payload.requestID
        time = payload.time
        request = String(decoding: payload.request, as: UTF8.self)
        response = payload.response.map { String(decoding: $0, as: UTF8.self) }
    }
}
