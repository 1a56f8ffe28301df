import Foundation
import GRDB

/// Token and cost totals from the audit log, grouped by any of day, user, key and model, always within
/// one workspace. Costs are summed in decimal from each record's cost text.
public struct UsageQuery: Sendable, Hashable {
    /// The fields rows can be grouped by.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// UTC day, `YYYY-MM-DD`.
        case day
        /// Member id.
        case user
        /// API key id.
        case key
        /// Model the client requested.
        case model
    }

    /// The workspace (required: usage never crosses workspaces).
    public var workspaceID: String
    /// From this time (ms since 1970, inclusive).
    public var from: Int64?
    /// Until this time (ms since 1970, exclusive).
    public var until: Int64?
    /// Only this member.
    public var user: String?
    /// Only this key.
    public var keyID: String?
    /// Only this model.
    public var model: String?
    /// Grouping. Default: every field.
    public var groupBy: [Field] = Field.allCases

    /// A query over a workspace's whole history.
    public init(workspaceID: String) { self.workspaceID = workspaceID }

    /// Parses `day,model` (the `group_by` parameter); throws `invalid_request` naming a bad field.
    public static func fields(_ text: String) throws(GatewayError) -> [Field] {
        var fields: [Field] = []
        for part in text.split(separator: ",") {
            let name = String(part).trimmingWhitespace()
            guard let field = Field(rawValue: name) else {
                throw GatewayError(.invalidRequest, "group_by: '\(name.prefix(20))' is not one of day, user, key, model")
            }
            if !fields.contains(field) { fields.append(field) }
        }
        return fields
    }

    /// One group's totals.
    public struct Row: Sendable, Hashable, Codable {
        /// UTC day, when grouped by day.
        public var day: String?
        /// Member id, when grouped by user.
        public var user: String?
        /// Key id, when grouped by key.
        public var keyID: String?
        /// Model, when grouped by model.
        public var model: String?
        /// Metered requests (answered by an upstream).
        public var requests: Int
        /// Input tokens.
        public var inputTokens: Int
        /// Output tokens.
        public var outputTokens: Int
        /// Cost in USD, decimal text.
        public var costUSD: String

        enum CodingKeys: String, CodingKey {
            case day, user, model, requests
            case keyID = "key_id"
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case costUSD = "cost_usd"
        }
    }

    /// The rows, sorted by their group fields.
    public func run(_ pool: DatabasePool) async throws -> [Row] {
        var sql = """
            SELECT time, user, key_id, model_requested, input_tokens, output_tokens, cost FROM audit_log
            WHERE workspace_id = ? AND action IN ('chat.completions', 'messages')
              AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL OR cost IS NOT NULL)
            """
        var arguments: StatementArguments = [workspaceID]
        func add(_ clause: String, _ value: (some DatabaseValueConvertible)?) {
            guard let value else { return }
            sql += " AND " + clause
            arguments += [value]
        }
        add("time >= ?", from)
        add("time < ?", until)
        add("user = ?", user)
        add("key_id = ?", keyID)
        add("model_requested = ?", model)
        let grouping = groupBy
        let (query, values) = (sql, arguments)
        return try await pool.read { db in
            var totals: [[String?]: (requests: Int, input: Int, output: Int, cost: Decimal)] = [:]
            let cursor = try GRDB.Row.fetchCursor(db, sql: query, arguments: values)
            while let row = try cursor.next() {
                let time: Int64 = row[0]
                let values: [Field: String?] = [.day: Self.day(time), .user: row[1], .key: row[2], .model: row[3]]
                let group = grouping.map { values[$0] ?? nil }
                var total = totals[group] ?? (0, 0, 0, 0)
                total.requests += 1
                total.input += (row[4] as Int?) ?? 0
                total.output += (row[5] as Int?) ?? 0
                total.cost += ((row[6] as String?).flatMap(DecimalText.parse)) ?? 0
                totals[group] = total
            }
            return totals.map { group, total in
                var out = Row(
                    requests: total.requests, inputTokens: total.input, outputTokens: total.output,
                    costUSD: DecimalText.format(total.cost))
                for (field, value) in zip(grouping, group) {
                    switch field {
                    case .day: out.day = value
                    case .user: out.user = value
                    case .key: out.keyID = value
                    case .model: out.model = value
                    }
                }
                return out
            }.sorted { a, b in
                [a.day, a.user, a.keyID, a.model].map { $0 ?? "" }.lexicographicallyPrecedes([b.day, b.user, b.keyID, b.model].map { $0 ?? "" })
            }
        }
    }

    static func day(_ millis: Int64) -> String {
        let parts = BudgetMonth.calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(millis) / 1000))
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
