/// A finding's baseline fingerprint (see ``Fingerprint``): the 32 bytes of its HMAC-SHA256, kept raw until
/// it is written out or compared with a baseline.
///
/// A 64-digit hex `String` per finding was an allocation, a string copy and reference counting on every
/// copy of the finding, for a value most scans only ever print. Written out (``string``, JSON, SARIF, CSV,
/// baseline files) it is the same lower-case hex as before. Any other text (a fingerprint decoded from JSON
/// that is not 64 lower-case hex digits) is kept as it was given.
///
/// ```swift
/// let print: FindingFingerprint = "3f1c…"      // parsed into raw bytes when it is 64 lower-case hex digits
/// print.string                                  // the same text back
/// ```
public struct FindingFingerprint: Sendable, Hashable {
    /// The digest's bytes as four words, in memory order (the hex digits follow the bytes, not the words' values).
    struct Digest: Sendable, Hashable {
        var words: (UInt64, UInt64, UInt64, UInt64)

        static func == (a: Digest, b: Digest) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }
    }

    private enum Storage: Sendable, Hashable {
        case digest(Digest)
        case text(String)
    }

    private let storage: Storage

    /// The fingerprint whose 32 bytes are `bytes` (fewer are padded with zeros, more are ignored).
    public init(bytes: UnsafeRawBufferPointer) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(32))) }
        storage = .digest(Digest(words: words))
    }

    /// The fingerprint written as `string`: raw bytes when it is 64 lower-case hex digits (what ``string``
    /// gives for them), else the text itself, so that two fingerprints are equal exactly when their strings are.
    public init(_ string: String) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let parsed = string.utf8.count == 64 && withUnsafeMutableBytes(of: &words) { out in
            var index = 0, high: UInt8 = 0
            for (position, byte) in string.utf8.enumerated() {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                default: return false
                }
                if position % 2 == 0 {
                    high = digit
                } else {
                    out[index] = high << 4 | digit
                    index += 1
                }
            }
            return true
        }
        storage = parsed ? .digest(Digest(words: words)) : .text(string)
    }

    /// The fingerprint as text: 64 lower-case hex digits for a computed one.
    public var string: String {
        switch storage {
        case .digest(let digest):
            String(unsafeUninitializedCapacity: 64) { out in
                UnsafeMutableRawBufferPointer(out).withMemoryRebound(to: UInt8.self) { Self.writeHex(digest, to: $0) }
                return 64
            }
        case .text(let text):
            text
        }
    }

    /// Appends the fingerprint to `out` as a JSON string (quotes included), as ``JSONLine`` writes strings.
    func appendJSON(to out: inout [UInt8]) {
        switch storage {
        case .digest(let digest):
            // Hex digits never need escaping. Written on the stack and appended as one copy.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 66) { text in
                text[0] = UInt8(ascii: "\"")
                Self.writeHex(digest, to: UnsafeMutableBufferPointer(rebasing: text[1..<65]))
                text[65] = UInt8(ascii: "\"")
                out.append(contentsOf: UnsafeBufferPointer(text))
            }
        case .text(let text):
            // As the writer did when fingerprints were strings: 64 bytes went out unescaped.
            if text.utf8.count == 64 {
                out.append(UInt8(ascii: "\""))
                out += text.utf8
                out.append(UInt8(ascii: "\""))
            } else {
                JSONLine.appendString(text, to: &out)
            }
        }
    }

    /// Writes the 64 hex digits of a computed fingerprint at `out`; false (nothing written) for one kept as text.
    func writeHex(to out: UnsafeMutablePointer<UInt8>) -> Bool {
        guard case .digest(let digest) = storage else { return false }
        Self.writeHex(digest, to: UnsafeMutableBufferPointer(start: out, count: 64))
        return true
    }

    /// Writes the 64 hex digits of `digest` to `out`, which holds at least 64 bytes.
    private static func writeHex(_ digest: Digest, to out: UnsafeMutableBufferPointer<UInt8>) {
        withUnsafeBytes(of: digest.words) { bytes in
            // Digits by arithmetic: 0-9 -> '0'..., 10-15 -> 'a'... (39 apart).
            for index in 0..<32 {
                let byte = bytes[index], high = byte >> 4, low = byte & 15
                out[2 * index] = high + (high < 10 ? 48 : 87)
                out[2 * index + 1] = low + (low < 10 ? 48 : 87)
            }
        }
    }
}

extension FindingFingerprint: CustomStringConvertible {
    /// ``string``.
    public var description: String { string }
}

extension FindingFingerprint: ExpressibleByStringLiteral {
    /// ``init(_:)`` of the literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

extension FindingFingerprint: Codable {
    /// Decodes the fingerprint from its string.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes ``string``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}
