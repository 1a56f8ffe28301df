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
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for a sign and UInt64's 20 digits
        withUnsafeMutableBytes(of: &digits) { raw in
            let count = writeDecimal(value, to: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[..<count]))
        }
    }

    /// Writes `value` in decimal at `out` (room for 21 bytes); returns the bytes written.
    static func writeDecimal(_ value: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        if value < 0 {
            out[0] = UInt8(ascii: "-")
            count = 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt = 10
        while digits < 20 && magnitude >= scale {
            digits += 1
            scale = scale &* 10
        }
        count += digits
        var at = count
        repeat {
            at -= 1
            out[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return count
    }

    /// Appends a number as `JSONEncoder` writes it: integral values without a fraction.
    static func append(_ value: Double, to out: inout [UInt8]) {
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let count = withUnsafeMutableBytes(of: &text) { raw in
            writeShortNumber(value, to: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        if let count {
            withUnsafeBytes(of: text) { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        } else {
            out += String(value).utf8
        }
    }

    /// Writes `value` at `out` (room for 21 bytes) when it is integral or hundredths, as `JSONEncoder` would;
    /// returns the bytes written, or nil (nothing written) for any other number.
    static func writeShortNumber(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int? {
        if value == value.rounded() && abs(value) < 1e15 { return writeDecimal(Int(value), to: out) }
        // Confidences are mostly of this form; `String(value)` cost more than the rest of the number path.
        guard let hundredths = twoDecimals(value) else { return nil }
        out[0] = UInt8(ascii: "0")
        out[1] = UInt8(ascii: ".")
        out[2] = UInt8(ascii: "0") + UInt8(hundredths / 10)
        guard hundredths % 10 != 0 else { return 3 }
        out[3] = UInt8(ascii: "0") + UInt8(hundredths % 10)
        return 4
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
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { appendString(UnsafeRawBufferPointer($0), to: &out) }
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
        if appendPlainJSONLine(to: &out) { return }
        appendJSONLineField(to: &out)
    }

    /// ``appendJSONLine(to:)`` for the usual line, whose strings need no escape, whose confidence is a whole
    /// number or hundredths and whose fingerprint is a computed one: written through a pointer into one stack
    /// buffer and appended with one copy. Appending each of its sixteen pieces to the array (a uniqueness
    /// and capacity check and a copy each) cost 4,100 instructions a line (callgrind, 1,000 small files);
    /// this path about half. False, with `out` untouched, for any other line.
    func appendPlainJSONLine(to out: inout [UInt8]) -> Bool {
        // Fixed text of 215 bytes, four integers of at most 20 digits and a sign, a confidence of at most 21,
        // 64 hex digits and seven pairs of quotes: under 400 bytes besides the strings.
        var capacity = 512 + action.rawValue.utf8.count + detector.utf8.count + file.utf8.count + masked.utf8.count
        capacity += (member?.utf8.count ?? 0) + type.utf8.count + (value?.utf8.count ?? 0)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var line = PlainLineWriter(base: buffer.baseAddress!)
            line.literal("{\"action\":")
            guard line.string(action.rawValue) else { return false }
            line.literal(",\"column\":")
            line.integer(column)
            line.literal(",\"confidence\":")
            guard line.confidence(confidence) else { return false }
            line.literal(",\"detector\":")
            guard line.string(detector) else { return false }
            line.literal(",\"end\":")
            line.integer(end)
            line.literal(",\"file\":")
            guard line.string(file) else { return false }
            line.literal(",\"fingerprint\":\"")
            guard fingerprint.writeHex(to: line.base + line.count) else { return false }
            line.count += 64
            line.literal("\",\"line\":")
            line.integer(self.line)
            line.literal(",\"masked\":")
            guard line.string(masked) else { return false }
            if let member {
                line.literal(",\"member\":")
                guard line.string(member) else { return false }
            }
            line.literal(",\"start\":")
            line.integer(start)
            line.literal(",\"type\":")
            guard line.string(type) else { return false }
            line.literal(validated ? ",\"validated\":true" : ",\"validated\":false")
            if let value {
                line.literal(",\"value\":")
                guard line.string(value) else { return false }
            }
            line.literal("}")
            out.append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count))
            return true
        }
    }

    /// ``appendJSONLine(to:)`` a field at a time, escaping strings as needed.
    func appendJSONLineField(to out: inout [UInt8]) {
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

/// Writes a JSON line through a pointer into a buffer the caller sized for it.
private struct PlainLineWriter {
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    init(base: UnsafeMutablePointer<UInt8>) {
        self.base = base
    }

    mutating func literal(_ text: StaticString) {
        (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    /// `value` in decimal, as ``JSONLine/append(_:to:)-(Int,_)`` writes it.
    mutating func integer(_ value: Int) {
        count += JSONLine.writeDecimal(value, to: base + count)
    }

    /// A whole number or hundredths as ``JSONLine/append(_:to:)-(Double,_)`` writes them; false otherwise.
    mutating func confidence(_ value: Double) -> Bool {
        guard let written = JSONLine.writeShortNumber(value, to: base + count) else { return false }
        count += written
        return true
    }

    /// `text` between quotes when it needs no escape; false (and nothing written) otherwise.
    mutating func string(_ text: String) -> Bool {
        let written = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let raw = UnsafeRawBufferPointer(bytes)
            guard JSONBytes.nextSpecial(in: raw, from: 0) == raw.count else { return false }
            base[count] = UInt8(ascii: "\"")
            if let start = bytes.baseAddress { (base + count + 1).update(from: start, count: bytes.count) }
            base[count + 1 + bytes.count] = UInt8(ascii: "\"")
            count += bytes.count + 2
            return true
        }
        return written ?? false
    }
}
