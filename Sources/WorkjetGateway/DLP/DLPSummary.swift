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
    ///
    /// Built by appending into one string: every response carries it, and the sort, `map` and `joined` it was
    /// built with showed in the gateway benchmark's profile.
    public var headerValue: String {
        var value = "action="
        value.reserveCapacity(48 + counts.count * 24)
        value += action.rawValue
        value += "; types="
        if counts.isEmpty { value += "none" }
        appendSortedCounts(to: &value, quoted: false)
        value += "; scan_us="
        value += String(scanMicroseconds)
        return value
    }

    /// The counts as the audit record's JSON object, `{"CREDIT_CARD":1,"EMAIL_ADDRESS":2}`; nil when empty.
    /// A custom pack's type name with a quote, backslash or control character is escaped.
    var auditJSON: String? {
        guard !counts.isEmpty else { return nil }
        var value = "{"
        value.reserveCapacity(2 + counts.count * 26)
        appendSortedCounts(to: &value, quoted: true)
        value += "}"
        return value
    }

    /// `TYPE:n,TYPE:n` (or `"TYPE":n,...`) in type order.
    private func appendSortedCounts(to value: inout String, quoted: Bool) {
        var first = true
        for (type, count) in counts.sorted(by: { $0.key < $1.key }) {
            if !first { value += "," }
            first = false
            if quoted {
                Self.appendJSONString(type, to: &value)
                value += ":"
            } else {
                value += type + ":"
            }
            value += String(count)
        }
    }

    /// `text` as a quoted JSON string: as it is when nothing in it needs an escape (the built-in types),
    /// else through the engine's ``JSONStringEncoder``.
    private static func appendJSONString(_ text: String, to value: inout String) {
        var text = text
        let literal = text.withUTF8 { bytes -> [UInt8]? in
            let raw = UnsafeRawBufferPointer(bytes)
            guard JSONBytes.nextSpecial(in: raw, from: 0) < raw.count else { return nil }
            var literal: [UInt8] = []
            JSONStringEncoder.append(raw, to: &literal)
            return literal
        }
        if let literal { value += String(decoding: literal, as: UTF8.self) } else { value += "\"" + text + "\"" }
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
