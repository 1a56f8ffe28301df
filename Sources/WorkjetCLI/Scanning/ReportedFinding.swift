import WorkjetEngine

/// A finding as the CLI reports it: where (file, archive member, offsets, line, column), what, and the
/// action the policy gives it. The value itself is only present with `--show-secrets`.
public struct ReportedFinding: Sendable, Hashable, Codable {
    /// The path as reached from the argument (`docs/a.txt`).
    public var file: String
    /// The archive member or Office part (`word/document.xml`); offsets are then in its extracted text.
    public var member: String?
    /// The entity type, for example `CREDIT_CARD`.
    public var type: String
    /// The detector id.
    public var detector: String
    /// Byte offset of the value's first byte.
    public var start: Int
    /// Byte offset one past the value's last byte.
    public var end: Int
    /// 1-based line.
    public var line: Int
    /// 1-based column, in bytes from the start of the line.
    public var column: Int
    /// Confidence in `0...1`.
    public var confidence: Double
    /// Whether a validator (Luhn, SSN rules, …) confirmed the value.
    public var validated: Bool
    /// The policy's action for it.
    public var action: Action
    /// The value with all but its last characters masked.
    public var masked: String
    /// The value, only with `--show-secrets`.
    public var value: String?
    /// The baseline fingerprint: HMAC-SHA256 of path, member, detector and value (hex when written out).
    public var fingerprint: FindingFingerprint

    /// Sort order for deterministic output: path, member, offset.
    public static func precedes(_ a: ReportedFinding, _ b: ReportedFinding) -> Bool {
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        if a.member != b.member { return (a.member ?? "").utf8.lexicographicallyPrecedes((b.member ?? "").utf8) }
        return (a.start, a.end, a.detector) < (b.start, b.end, b.detector)
    }

    /// Where the finding is, for text output: `docs/a.txt:3:14` or `r.docx!/word/document.xml:1:40`.
    public var location: String {
        let path = member.map { file + "!/" + $0 } ?? file
        return "\(path):\(line):\(column)"
    }

    /// Masks all but the last four characters (fewer for short values: at most half are shown).
    static func mask(_ value: String) -> String {
        var value = value
        return value.withUTF8 { mask(UnsafeRawBufferPointer($0)) }
    }

    /// ``mask(_:)`` of UTF-8 bytes (invalid sequences decode as U+FFFD).
    static func mask(_ utf8: UnsafeRawBufferPointer) -> String {
        // ASCII (most values: cards, keys, emails, PEM blocks) is one character per byte, bar "\r\n", which
        // is one character of two bytes; the general path below splits grapheme clusters, which for a
        // 1.7 KB PEM block cost more than everything else about reporting it (5 % of a large-file scan).
        var ascii = true, pairs = 0, previous: UInt8 = 0
        for byte in utf8 {
            if byte >= 0x80 { ascii = false }
            if byte == 0x0A && previous == 0x0D { pairs += 1 }
            previous = byte
        }
        if ascii {
            let count = utf8.count - pairs
            let keep = min(4, count / 2)
            // The byte where the last `keep` characters start.
            var tail = utf8.count
            for _ in 0..<keep {
                tail -= tail >= 2 && utf8[tail - 1] == 0x0A && utf8[tail - 2] == 0x0D ? 2 : 1
            }
            let stars = count - keep, length = stars + (utf8.count - tail)
            return String(unsafeUninitializedCapacity: length) { out in
                guard let target = out.baseAddress else { return 0 }
                target.initialize(repeating: UInt8(ascii: "*"), count: stars)
                if tail < utf8.count {
                    UnsafeMutableRawPointer(target + stars).copyMemory(from: utf8.baseAddress! + tail, byteCount: utf8.count - tail)
                }
                return length
            }
        }
        let characters = Array(String(decoding: utf8, as: UTF8.self))
        let keep = min(4, characters.count / 2)
        return String(repeating: "*", count: characters.count - keep) + String(characters.suffix(keep))
    }
}
