import Foundation
import GRDB

/// Writes audit records as JSONL or CSV for compliance exports.
public enum AuditExporter {
    /// Output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// One JSON object per line.
        case jsonl
        /// RFC 4180 CSV with a header row.
        case csv
    }

    static let columns = [
        "seq", "time", "request_id", "workspace_id", "user", "key_id", "action", "model_requested", "model_served",
        "provider", "status", "input_tokens", "output_tokens", "cost", "dlp_action", "dlp_types", "client_ip",
        "user_agent", "latency_us", "detail", "prev_hash", "hash",
    ]

    /// Exports every record matching `query` (all pages), calling `write` with each chunk of text.
    public static func export(
        _ pool: DatabasePool, query: AuditQuery, format: Format, write: (String) throws -> Void
    ) async throws {
        var page = query
        page.limit = 1000
        if format == .csv { try write(columns.joined(separator: ",") + "\n") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while true {
            let records = try await page.run(pool)
            guard let last = records.last else { return }
            var chunk = ""
            for record in records {
                switch format {
                case .jsonl: chunk += String(decoding: try encoder.encode(record), as: UTF8.self) + "\n"
                case .csv: chunk += csvLine(record) + "\n"
                }
            }
            try write(chunk)
            page.afterSeq = last.seq
        }
    }

    static func csvLine(_ r: AuditRecord) -> String {
        let values: [String?] = [
            r.seq.map { "\($0)" }, "\(r.time)", r.requestID, r.workspaceID, r.user, r.keyID, r.action, r.modelRequested,
            r.modelServed, r.provider, "\(r.status)", r.inputTokens.map { "\($0)" }, r.outputTokens.map { "\($0)" }, r.cost,
            r.dlpAction, r.dlpTypes, r.clientIP, r.userAgent, r.latencyMicroseconds.map { "\($0)" }, r.detail, r.prevHash,
            r.hash,
        ]
        return values.map { value in
            guard let value else { return "" }
            if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }.joined(separator: ",")
    }
}
