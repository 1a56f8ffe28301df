import CWorkjetDigits

/// A strict, allocation-light JSON reader that reports every string value with its path and the
/// byte range of its literal (quotes included), decoding escapes. Depth is bounded so that hostile
/// nesting cannot exhaust the stack.
///
/// The selected strings are decoded one after another into one buffer, each followed by
/// ``separator``: ``text`` is what the engine scans, and each value locates its bytes there. Copying each
/// string out into an array of its own and then joining the arrays cost two allocations and two copies
/// per string.
struct JSONStringWalker {
    struct StringValue {
        var path: JSONPath
        /// The literal's bytes in the document, quotes included.
        var literal: Range<Int>
        /// Where the decoded UTF-8 bytes are in ``JSONStringWalker/text``.
        var decoded: Range<Int>
    }

    static let maximumDepth = 256

    /// Written after each decoded string: NUL between newlines keeps built-in patterns from spanning two
    /// values (a finding that still would is dropped by the caller).
    static let separator: (UInt8, UInt8, UInt8) = (0x0A, 0x00, 0x0A)

    let bytes: UnsafeRawBufferPointer
    var position = 0
    var path = JSONPath()
    var values: [StringValue] = []
    let include: (JSONPath) -> Bool
    /// The decoded strings and their separators. A decoded string is never longer than its literal minus
    /// the quotes, so a value with its separator takes at most one byte more than its literal, and there
    /// are at most half as many values as bytes: one and a half times the document is always enough.
    /// Keys are decoded past the end, without being kept.
    let storage: DecodeBuffer
    /// How many bytes of ``storage`` hold decoded strings and separators.
    private(set) var textCount = 0

    init(_ bytes: UnsafeRawBufferPointer, include: @escaping (JSONPath) -> Bool) {
        self.bytes = bytes
        self.include = include
        storage = DecodeBuffer(capacity: bytes.count + bytes.count / 2 + 4)
    }

    /// The selected strings, decoded and separated; valid while ``storage`` is alive.
    var text: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage.base, count: textCount) }

    /// A value's decoded bytes (for tests).
    func decoded(_ value: StringValue) -> [UInt8] { Array(text[value.decoded]) }

    mutating func walk() throws(EngineError) {
        skipWhitespace()
        try value(depth: 0)
        skipWhitespace()
        if position != bytes.count { throw error("unexpected data after the JSON value") }
    }

    private func error(_ message: String) -> EngineError {
        EngineError(.invalidInput, "malformed JSON at byte \(position): \(message)")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(EngineError) {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""):
            let start = position
            let wanted = include(path)
            let count = try string(decode: wanted)
            if wanted {
                values.append(StringValue(path: path, literal: start..<position, decoded: textCount..<textCount + count))
                let end = storage.base + textCount + count
                (end[0], end[1], end[2]) = Self.separator
                textCount += count + 3
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    private mutating func object(depth: Int) throws(EngineError) {
        position += 1
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyCount = try string(decode: true)
            let key = String(decoding: UnsafeBufferPointer(start: storage.base + textCount, count: keyCount), as: UTF8.self)
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            path.components.append(.key(key))
            try value(depth: depth + 1)
            path.components.removeLast()
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated object") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int) throws(EngineError) {
        position += 1
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            return
        }
        var index = 0
        while true {
            skipWhitespace()
            path.components.append(.index(index))
            try value(depth: depth + 1)
            path.components.removeLast()
            index += 1
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated array") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(EngineError) {
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count else { throw error("unexpected end of input") }
        for i in 0..<n where bytes[position + i] != word.utf8Start[i] { throw error("invalid literal") }
        position += n
    }

    private mutating func number() throws(EngineError) {
        let start = position
        if position < bytes.count && bytes[position] == UInt8(ascii: "-") { position += 1 }
        var digits = 0
        while position < bytes.count, ASCII.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: ".")
            || bytes[position] | 0x20 == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "+")
            || (bytes[position] == UInt8(ascii: "-") && position > start)
        {
            if ASCII.isDigit(bytes[position]) { digits += 1 }
            position += 1
        }
        if digits == 0 {
            position = start
            throw error("unexpected character")
        }
    }

    /// Reads a string literal at `position` (on the opening quote); when asked, decodes it into ``storage``
    /// after ``text`` and returns its decoded length (else 0).
    private mutating func string(decode: Bool) throws(EngineError) -> Int {
        position += 1
        let out = storage.base + textCount
        var count = 0
        while position < bytes.count {
            let run = position
            position = JSONBytes.nextSpecial(in: bytes, from: position)
            if decode && position > run {
                (out + count).initialize(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + run, count: position - run)
                count += position - run
            }
            guard position < bytes.count else { break }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return count
            }
            if b < 0x20 { throw error("control character in a string") }
            guard position + 1 < bytes.count else { break }
            let e = bytes[position + 1]
            position += 2
            let decoded: UInt8
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded = e
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "f"): decoded = 0x0C
            case UInt8(ascii: "n"): decoded = 0x0A
            case UInt8(ascii: "r"): decoded = 0x0D
            case UInt8(ascii: "t"): decoded = 0x09
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by \u and a low surrogate; otherwise U+FFFD.
                    if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        let save = position
                        position += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                }
                // At most 4 bytes for the 6 (or 12) of the escape: the buffer cannot overflow.
                if decode {
                    UTF8.encode(Unicode.Scalar(scalar)!) { unit in
                        out[count] = unit
                        count += 1
                    }
                }
                continue
            default:
                throw error("invalid escape")
            }
            if decode {
                out[count] = decoded
                count += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws(EngineError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | d
            position += 1
        }
        return v
    }
}

/// Word-at-a-time searches over JSON text, shared by the engine's JSON reader and writer and the
/// gateway's request reader: a prompt is mostly long runs of bytes that need no attention.
public enum JSONBytes {
    /// The index of the first byte at or after `start` that a JSON string literal cannot hold as it is
    /// (a quote, a backslash or a control character) or, with `stopAtNonASCII`, any byte from 0x80
    /// (for a reader that validates UTF-8 sequences itself); `bytes.count` when there is none.
    ///
    /// The first eight bytes are tested here, in a 64-bit word (the classic "has a byte less than n" tests;
    /// the lowest flagged byte is always exact): in text with an escape every few bytes (JSON or code inside
    /// a prompt) most searches end there. Longer runs go on 32 bytes a step where the CPU has AVX2
    /// (`wj_json_next_special` in CWorkjetDigits). The gateway's JSON step: 3.19 M → 3.07 M instructions
    /// (callgrind, 16 chat bodies with an escape about every 10 bytes).
    @inline(__always)
    public static func nextSpecial(in bytes: UnsafeRawBufferPointer, from start: Int, stopAtNonASCII: Bool = false) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        var from = start
        if start + 8 <= bytes.count {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let flags = (stopAtNonASCII ? word & highs : 0)
                | ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- ones &* 0x20) & ~word) & highs
            if flags != 0 { return start + flags.trailingZeroBitCount / 8 }
            from += 8
        }
        return wj_json_next_special(base.assumingMemoryBound(to: UInt8.self), bytes.count, from, stopAtNonASCII ? 1 : 0)
    }

    /// The same search, always with the variant compiled for any CPU (for tests).
    static func nextSpecialPortable(in bytes: UnsafeRawBufferPointer, from start: Int, stopAtNonASCII: Bool = false) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        return wj_json_next_special_portable(base.assumingMemoryBound(to: UInt8.self), bytes.count, start, stopAtNonASCII ? 1 : 0)
    }
}

/// The decoding buffer of one ``JSONStringWalker`` (freed with the last reference to it).
final class DecodeBuffer {
    let base: UnsafeMutablePointer<UInt8>

    init(capacity: Int) { base = .allocate(capacity: max(1, capacity)) }

    deinit { base.deallocate() }
}
