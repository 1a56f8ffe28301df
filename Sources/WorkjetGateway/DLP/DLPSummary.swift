import WorkjetEngine

/// What DLP decided for one body: the action, counts per entity type, scan time. Never any value.
public struct DLPSummary: Sendable, Hashable {
    /// The strongest action (`allow` when nothing was found).
    public var action: Action
    /// Findings per entity type.
    public var counts: [String: Int]
    /// Time the scan took, in microseconds.
    public var scanMicroseconds: Int

    /// Creates a summary.
    public init(action: Action = .allow, counts: [String: Int] = [:], scanMicroseconds: Int = 0) {
        self.action = action
        self.counts = counts
        self.scanMicroseconds = scanMicroseconds
    }

    /// The header every gateway response carries.
    public static let headerName = "X-Workjet-DLP"

    /// `action=redact; types=CREDIT_CARD:1,EMAIL_ADDRESS:2; scan_us=41`.
    public var headerValue: String {
        let types = counts.keys.sorted().map { "\($0):\(counts[$0]!)" }.joined(separator: ",")
        return "action=\(action.rawValue); types=\(types.isEmpty ? "none" : types); scan_us=\(scanMicroseconds)"
    }

    /// The header of a response no scan produced (a rejected key, a malformed body, an unknown model).
    public static let notScannedHeaderValue = "action=none; types=none; scan_us=0"

    /// Entity types, sorted, for error messages.
    public var typeList: String { counts.keys.sorted().joined(separator: ", ") }

    /// Combines the request and response summaries for the audit record.
    func merged(with other: DLPSummary) -> DLPSummary {
        var result = self
        result.action = max(action, other.action)
        for (type, count) in other.counts { result.counts[type, default: 0] += count }
        result.scanMicroseconds += other.scanMicroseconds
        return result
    }
}
