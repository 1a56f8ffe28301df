import WorkjetEngine

/// JSON objects written field by field into UTF-8 bytes: `JSONEncoder`, and even appending to a `String`
/// scalar by scalar, cost more per finding than scanning does when a file holds hundreds of thousands of
/// findings. Keys come out sorted, as with `.sortedKeys`.
enum JSONLine {
    /// Appends a literal (keys and punctuation, which need no escaping).
    static func append(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `value` in decimal.
    static func append(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64's 20 digits
        withUnsafeMutableBytes(of: &digits) { raw in
            var index = raw.count
            repeat {
                index -= 1
                raw[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[index...]))
        }
    }

    /// Appends a number as `JSONEncoder` writes it: integral values without a fraction.
    static func append(_ value: Double, to out: inout [UInt8]) {
        if value == value.rounded() && abs(value) < 1e15 {
            append(Int(value), to: &out)
        } else if let hundredths = twoDecimals(value) {
            // Confidences are mostly of this form; `String(value)` cost more than the rest of the number path.
            append("0.", to: &out)
            out.append(UInt8(ascii: "0") + UInt8(hundredths / 10))
            if hundredths % 10 != 0 { out.append(UInt8(ascii: "0") + UInt8(hundredths % 10)) }
        } else {
            out += String(value).utf8
        }
    }

    /// `k` when `value` is the double nearest to k/100 for some k in 1...99, whose shortest round-trip form
    /// (what `String(value)` prints) is then `0.` and the digits of `k` without a trailing zero: `0.85`, `0.9`.
    /// (A shorter form would be a double nearest to some j/10, which is also nearest to 10j/100, so k = 10j.)
    static func twoDecimals(_ value: Double) -> Int? {
        guard value > 0 && value < 1 else { return nil }
        let k = (value * 100).rounded()
        guard k >= 1 && k <= 99 && k / 100 == value else { return nil }
        return Int(k)
    }

    /// Appends `value` as a JSON string (the engine's ``JSONStringEncoder``: runs that need no escape are
    /// copied whole; every byte of a multi-byte scalar is 0x80 or above, so only single bytes are escaped).
    static func appendString(_ value: String, to out: inout [UInt8]) {
        let copied = value.utf8.withContiguousStorageIfAvailable { appendString(UnsafeRawBufferPointer($0), to: &out) }
        if copied == nil {
            var value = value
            value.withUTF8 { appendString(UnsafeRawBufferPointer($0), to: &out) }
        }
    }

    static func appendString(_ value: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        // Paths, detector ids, types and masks rarely need an escape: then the literal is the bytes between
        // quotes, copied at once, which skips the encoder's zero-filled reservation (1 % of a large
        // file's scan).
        guard JSONBytes.nextSpecial(in: value, from: 0) == value.count else {
            JSONStringEncoder.append(value, to: &out)
            return
        }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: value)
        out.append(UInt8(ascii: "\""))
    }
}

extension ReportedFinding {
    /// This finding as one JSON object (the same fields `Codable` gives, keys sorted).
    var jsonLine: String {
        var out: [UInt8] = []
        out.reserveCapacity(384)
        appendJSONLine(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``jsonLine`` (without a newline) to `out`.
    func appendJSONLine(to out: inout [UInt8]) {
        // The action never needs escaping, nor a fingerprint (64 lower-case hex digits).
        JSONLine.append("{\"action\":\"", to: &out)
        out += action.rawValue.utf8
        JSONLine.append("\",\"column\":", to: &out)
        JSONLine.append(column, to: &out)
        JSONLine.append(",\"confidence\":", to: &out)
        JSONLine.append(confidence, to: &out)
        JSONLine.append(",\"detector\":", to: &out)
        JSONLine.appendString(detector, to: &out)
        JSONLine.append(",\"end\":", to: &out)
        JSONLine.append(end, to: &out)
        JSONLine.append(",\"file\":", to: &out)
        JSONLine.appendString(file, to: &out)
        JSONLine.append(",\"fingerprint\":", to: &out)
        fingerprint.appendJSON(to: &out)
        JSONLine.append(",\"line\":", to: &out)
        JSONLine.append(line, to: &out)
        JSONLine.append(",\"masked\":", to: &out)
        JSONLine.appendString(masked, to: &out)
        if let member {
            JSONLine.append(",\"member\":", to: &out)
            JSONLine.appendString(member, to: &out)
        }
        JSONLine.append(",\"start\":", to: &out)
        JSONLine.append(start, to: &out)
        JSONLine.append(",\"type\":", to: &out)
        JSONLine.appendString(type, to: &out)
        JSONLine.append(validated ? ",\"validated\":true" : ",\"validated\":false", to: &out)
        if let value {
            JSONLine.append(",\"value\":", to: &out)
            JSONLine.appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
