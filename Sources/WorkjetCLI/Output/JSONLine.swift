/// A JSON object written field by field: `JSONEncoder` costs more per finding than scanning does when a
/// file holds hundreds of thousands of findings. Keys come out sorted, as with `.sortedKeys`.
struct JSONLine {
    private var out = "{"
    private var first = true

    mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        separator(key)
        Self.appendString(value, to: &out)
    }

    mutating func field(_ key: String, _ value: Int) {
        separator(key)
        out += String(value)
    }

    mutating func field(_ key: String, _ value: Double) {
        separator(key)
        out += value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    mutating func field(_ key: String, _ value: Bool) {
        separator(key)
        out += value ? "true" : "false"
    }

    mutating func finish() -> String {
        out + "}"
    }

    private mutating func separator(_ key: String) {
        if !first { out += "," }
        first = false
        Self.appendString(key, to: &out)
        out += ":"
    }

    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension ReportedFinding {
    /// This finding as one JSON object (the same fields `Codable` gives, keys sorted).
    var jsonLine: String {
        var json = JSONLine()
        json.field("action", action.rawValue)
        json.field("column", column)
        json.field("confidence", confidence)
        json.field("detector", detector)
        json.field("end", end)
        json.field("file", file)
        json.field("fingerprint", fingerprint)
        json.field("line", line)
        json.field("masked", masked)
        json.field("member", member)
        json.field("start", start)
        json.field("type", type)
        json.field("validated", validated)
        json.field("value", value)
        return json.finish()
    }
}
