/// A JSON object written field by field into UTF-8 bytes: `JSONEncoder`, and even appending to a `String`
/// scalar by scalar, cost more per finding than scanning does when a file holds hundreds of thousands of
/// findings. Keys come out sorted, as with `.sortedKeys`.
struct JSONLine {
    private var out: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    init() {
        out.reserveCapacity(384)
    }

    mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        separator(key)
        Self.appendString(value, to: &out)
    }

    mutating func field(_ key: String, _ value: Int) {
        separator(key)
        out += String(value).utf8
    }

    mutating func field(_ key: String, _ value: Double) {
        separator(key)
        out += (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)).utf8
    }

    mutating func field(_ key: String, _ value: Bool) {
        separator(key)
        out += (value ? "true" : "false").utf8
    }

    mutating func finish() -> String {
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func separator(_ key: String) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        Self.appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    /// Appends `value` as a JSON string. Works on UTF-8 bytes: every byte of a multi-byte scalar is 0x80 or
    /// above, so only single bytes ever need escaping, and a value with none is copied in one go.
    static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += value.utf8
        } else {
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out += "\\\"".utf8
                case UInt8(ascii: "\\"): out += "\\\\".utf8
                case UInt8(ascii: "\n"): out += "\\n".utf8
                case UInt8(ascii: "\r"): out += "\\r".utf8
                case UInt8(ascii: "\t"): out += "\\t".utf8
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out += "\\u00".utf8
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 15)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
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
