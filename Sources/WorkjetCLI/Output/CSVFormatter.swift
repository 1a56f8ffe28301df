/// CSV output (RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled).
enum CSVFormatter {
    static let header = [
        "file", "member", "type", "detector", "start", "end", "line", "column", "confidence", "validated", "action",
        "masked", "value", "fingerprint",
    ]

    static func document(_ findings: [ReportedFinding]) -> String {
        var out = row(header)
        for f in findings {
            out += row([
                f.file, f.member ?? "", f.type, f.detector, "\(f.start)", "\(f.end)", "\(f.line)", "\(f.column)",
                "\(f.confidence)", "\(f.validated)", f.action.rawValue, f.masked, f.value ?? "", f.fingerprint.string,
            ])
        }
        return out
    }

    static func row(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        // A leading =, +, - or @ would be a formula to a spreadsheet; a quote prefix keeps it text.
        var value = field
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
