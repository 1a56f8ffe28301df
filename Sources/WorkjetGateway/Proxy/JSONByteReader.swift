import WorkjetEngine

/// A strict JSON reader over bytes, for the few fields the request path needs, without building a tree.
///
/// `JSONDecoder` showed at about 9% of the gateway's CPU in the benchmark's profile (the request envelope and the
/// upstream's usage): it copies the body into `Data`, builds a map of every value and boxes each field. This
/// reader walks the bytes once, validates them as RFC 8259 does (so malformed JSON is still rejected), and
/// decodes only the strings and numbers a caller asks for.
///
/// Use: open the top-level object with ``beginObject()``, then loop `nextKey()` / read or ``skipValue()`` /
/// ``endMember()``; finish with ``finish()``, which rejects anything but whitespace after the value.
struct JSONByteReader {
    /// The bytes are not valid JSON.
    struct Malformed: Error {}

    /// A key or string's raw content (between the quotes) and whether it holds escapes.
    struct Span {
        var range: Range<Int>
        var escaped: Bool
    }

    /// The kinds of JSON values.
    enum Kind { case object, array, string, number, bool, null }

    /// Deeper nesting is rejected, so that skipping a hostile value cannot exhaust the stack.
    static let maxDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: Structure

    /// The kind of the next value (after whitespace), without consuming it.
    mutating func kind() throws(Malformed) -> Kind {
        skipWhitespace()
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw Malformed()
        }
    }

    /// Consumes `{`; true if a member follows, false if the object was empty (its `}` consumed too).
    mutating func beginObject() throws(Malformed) -> Bool {
        try begin(UInt8(ascii: "{"), closedBy: UInt8(ascii: "}"))
    }

    /// Reads a member's key and its colon; the value comes next.
    mutating func nextKey() throws(Malformed) -> Span {
        skipWhitespace()
        let key = try scanString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// After a member's value: true if another member follows (`,`), false at the object's end (`}`).
    mutating func endMember() throws(Malformed) -> Bool {
        try endItem(closedBy: UInt8(ascii: "}"))
    }

    /// Consumes `[`; true if an element follows, false if the array was empty (its `]` consumed too).
    mutating func beginArray() throws(Malformed) -> Bool {
        try begin(UInt8(ascii: "["), closedBy: UInt8(ascii: "]"))
    }

    /// After an element: true if another follows (`,`), false at the array's end (`]`).
    mutating func endElement() throws(Malformed) -> Bool {
        try endItem(closedBy: UInt8(ascii: "]"))
    }

    /// Consumes `open`; true if an item follows, false if the container was empty (`close` consumed too).
    private mutating func begin(_ open: UInt8, closedBy close: UInt8) throws(Malformed) -> Bool {
        try expect(open)
        skipWhitespace()
        if index < bytes.count, bytes[index] == close { index += 1; return false }
        return true
    }

    /// After an item: true if another follows (`,`), false at the container's end (`close`).
    private mutating func endItem(closedBy close: UInt8) throws(Malformed) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: ","): index += 1; return true
        case close: index += 1; return false
        default: throw Malformed()
        }
    }

    /// Rejects anything but whitespace after the top-level value.
    mutating func finish() throws(Malformed) {
        skipWhitespace()
        guard index == bytes.count else { throw Malformed() }
    }

    /// Validates and skips one value of any kind.
    mutating func skipValue(depth: Int = 0) throws(Malformed) {
        guard depth < Self.maxDepth else { throw Malformed() }
        switch try kind() {
        case .object:
            guard try beginObject() else { return }
            repeat {
                _ = try nextKey()
                try skipValue(depth: depth + 1)
            } while try endMember()
        case .array:
            guard try beginArray() else { return }
            repeat { try skipValue(depth: depth + 1) } while try endElement()
        case .string: _ = try scanString()
        case .number: _ = try scanNumber()
        case .bool: _ = try readBool()
        case .null: try literal("null")
        }
    }

    // MARK: Scalars

    /// Reads `true` or `false`.
    mutating func readBool() throws(Malformed) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "t") { try literal("true"); return true }
        try literal("false")
        return false
    }

    /// Reads `null`.
    mutating func readNull() throws(Malformed) { skipWhitespace(); try literal("null") }

    /// Reads a string value, decoded.
    mutating func readString() throws(Malformed) -> String {
        skipWhitespace()
        return try decode(scanString())
    }

    /// Reads a number as `JSONDecoder` reads an `Int`: nil when it has a fraction or does not fit
    /// (the caller decides whether that is an error or a skipped field).
    mutating func readInt() throws(Malformed) -> Int? {
        skipWhitespace()
        let (range, integral) = try scanNumber()
        if integral {
            var negative = false
            var i = range.lowerBound
            if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            var value = 0
            while i < range.upperBound {
                let digit = Int(bytes[i] &- UInt8(ascii: "0"))
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                if o1 || o2 { return nil }
                value = next
                i += 1
            }
            return value
        }
        guard let double = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)),
            double.rounded(.towardZero) == double, let exact = Int(exactly: double)
        else { return nil }
        return exact
    }

    /// True if the span's decoded content equals `name` (keys are ASCII names; escaped keys are decoded first).
    func matches(_ span: Span, _ name: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        if !span.escaped { return UnsafeBufferPointer(rebasing: bytes[span.range]).elementsEqual(expected) }
        return (try? decode(span))?.utf8.elementsEqual(expected) ?? false
    }

    /// The span's content as a string, escapes resolved (the bytes were validated by ``scanString()``).
    func decode(_ span: Span) throws(Malformed) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[span.range])
        guard span.escaped else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ at: Int) throws(Malformed) -> UInt32 {
            guard at + 4 <= raw.count else { throw Malformed() }
            var value: UInt32 = 0
            for k in at..<(at + 4) {
                guard let nibble = Self.hexValue(raw[k]) else { throw Malformed() }
                value = value << 4 | UInt32(nibble)
            }
            return value
        }
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else { out.append(byte); i += 1; continue }
            let escape = raw[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") else { throw Malformed() }
                    let low = try hex4(i + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw Malformed() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw Malformed()
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Malformed() }
                out.append(contentsOf: UTF8.encode(unicode)!)
            default: out.append(escape)  // `"`, `\`, `/`
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Scanning

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw Malformed() }
        index += 1
    }

    private mutating func literal(_ text: StaticString) throws(Malformed) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count,
            UnsafeBufferPointer(rebasing: bytes[index..<(index + count)])
                .elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: count))
        else { throw Malformed() }
        index += count
    }

    /// Validates a string at the cursor (escapes, no control characters, well-formed UTF-8) and skips it.
    private mutating func scanString() throws(Malformed) -> Span {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            skipPlainWords()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return Span(range: start..<index, escaped: escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                guard index + 1 < bytes.count else { throw Malformed() }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 6 <= bytes.count else { throw Malformed() }
                    for k in (index + 2)..<(index + 6) where Self.hexValue(bytes[k]) == nil { throw Malformed() }
                    index += 6
                default: throw Malformed()
                }
            } else if byte < 0x20 {
                throw Malformed()
            } else if byte < 0x80 {
                index += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw Malformed()
    }

    /// Skips to the next quote, backslash, control character or non-ASCII byte, eight bytes at a time (a
    /// prompt is mostly such runs; byte by byte this loop was the reader's largest cost).
    private mutating func skipPlainWords() {
        index = JSONBytes.nextSpecial(in: UnsafeRawBufferPointer(bytes), from: index, stopAtNonASCII: true)
    }

    /// One multi-byte UTF-8 sequence at the cursor (Unicode's table of well-formed sequences).
    private mutating func skipUTF8Sequence() throws(Malformed) {
        let lead = bytes[index]
        let count: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0: count = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 3
        case 0xED: count = 3; high = 0x9F
        case 0xF0: count = 4; low = 0x90
        case 0xF1...0xF3: count = 4
        case 0xF4: count = 4; high = 0x8F
        default: throw Malformed()
        }
        guard index + count <= bytes.count else { throw Malformed() }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { throw Malformed() }
        for k in (index + 2)..<(index + count) where bytes[k] & 0xC0 != 0x80 { throw Malformed() }
        index += count
    }

    /// Validates a number at the cursor and skips it; `integral` when it has no fraction or exponent.
    private mutating func scanNumber() throws(Malformed) -> (range: Range<Int>, integral: Bool) {
        let start = index
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw Malformed() }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if Self.isDigit(bytes[index]) {
            skipDigits()
        } else {
            throw Malformed()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw Malformed() }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw Malformed() }
            skipDigits()
        }
        return (start..<index, integral)
    }

    private mutating func skipDigits() {
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
