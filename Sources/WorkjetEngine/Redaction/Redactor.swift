import Crypto

/// Replaces findings in bytes according to a ``RedactionStyle``, never breaking UTF-8.
///
/// ```swift
/// let outcome = try engine.evaluate(text, policy: policy)
/// let clean = Redactor(style: .label).redact(text, findings: outcome.redactable)
/// ```
public struct Redactor: Sendable {
    /// The replacement style.
    public var style: RedactionStyle

    /// Creates a redactor.
    public init(style: RedactionStyle) { self.style = style }

    /// Returns `text` with every finding replaced. Findings must be sorted and non-overlapping (as the engine returns them).
    public func redact(_ text: String, findings: [Finding]) -> String {
        var copy = text
        let bytes = copy.withUTF8 { redact(UnsafeRawBufferPointer($0), findings: findings) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Returns `input` with every finding replaced.
    public func redact(_ input: UnsafeRawBufferPointer, findings: [Finding]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var cursor = 0
        for finding in findings {
            var start = max(finding.start, cursor), end = min(finding.end, input.count)
            guard start < end else { continue }
            // Widen to whole UTF-8 characters: a continuation byte (10xxxxxx) never starts or ends a cut.
            while start > cursor && input[start] & 0xC0 == 0x80 { start -= 1 }
            while end < input.count && input[end] & 0xC0 == 0x80 { end += 1 }
            output.append(contentsOf: input[cursor..<start])
            replacement(for: UnsafeRawBufferPointer(rebasing: input[start..<end]), type: finding.entityType, into: &output)
            cursor = end
        }
        output.append(contentsOf: input[cursor...])
        return output
    }

    /// Appends the replacement for one value.
    public func replacement(for value: UnsafeRawBufferPointer, type: EntityType, into output: inout [UInt8]) {
        switch style {
        case .label:
            output.append(UInt8(ascii: "["))
            output.append(contentsOf: type.rawValue.utf8)
            output.append(UInt8(ascii: "]"))
        case .remove:
            break
        case .mask(let keep):
            Self.mask(value, keep: keep, into: &output)
        case .pseudonym(let key):
            let mac = HMAC<SHA256>.authenticationCode(for: value, using: SymmetricKey(data: key))
            output.append(UInt8(ascii: "["))
            output.append(contentsOf: type.rawValue.utf8)
            output.append(UInt8(ascii: ":"))
            // Letters only: a token of digits could itself look like a phone or card number.
            for byte in mac.prefix(12) { output.append(UInt8(ascii: "a") + byte % 26) }
            output.append(UInt8(ascii: "]"))
        }
    }

    /// Masks letters, digits and non-ASCII characters with `*`, keeping the last `keep` letters or digits.
    static func mask(_ value: UnsafeRawBufferPointer, keep: Int, into output: inout [UInt8]) {
        var alnumSeen = 0
        let alnumTotal = value.reduce(0) { $0 + (ASCII.isAlnum($1) ? 1 : 0) }
        let keepFrom = alnumTotal - max(0, min(keep, alnumTotal / 2))
        for byte in value {
            if ASCII.isAlnum(byte) {
                output.append(alnumSeen >= keepFrom ? byte : UInt8(ascii: "*"))
                alnumSeen += 1
            } else if byte >= 0x80 {
                if byte & 0xC0 != 0x80 { output.append(UInt8(ascii: "*")) }  // one star per character
            } else {
                output.append(byte)
            }
        }
    }
}
