/// Rejects values that are placeholders rather than credentials: `YOUR_API_KEY`, `xxxx…`, `${VAR}`,
/// `<token>`, `changeme`, `example`, `{{ secret }}`, masked values (`****`), redaction labels.
public struct PlaceholderFilter: Validator {
    /// Creates the filter.
    public init() {}

    /// `false`: the value alone decides.
    public var readsContextKeyword: Bool { false }

    static let stopwords = NeedleSet([
        "your_", "your-", "yourapi", "example", "changeme", "change_me", "placeholder", "dummy", "sample",
        "redacted", "insert", "replace", "xxxx", "****", "....", "0000", "1234", "abcd", "test", "fake",
        "todo", "password", "secret", "token", "null", "none", "undefined", "false", "true", "env.", "process.",
        "os.environ", "getenv", "config.", "settings.", "self.", "this.", "params", "request.", "args.",
    ])

    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        guard let first = value.first, let last = value.last else { return .invalid }
        // Interpolations and template markers: ${VAR}, $VAR, {{x}}, <token>, %s, [REDACTED].
        if first == 123 || first == 60 || first == 37 || first == 91 || last == 62 || last == 125 {
            return .invalid
        }
        // `$VAR` is a reference, but a password may start with `$` too ("$uperS3cret!"): only a `$`
        // followed by a variable name (letters, digits, underscores) is rejected.
        if first == 36 && value.dropFirst().allSatisfy({ ASCII.isAlnum($0) || $0 == 95 }) { return .invalid }
        if Self.stopwords.occurs(in: value) { return .invalid }
        // A run of one repeated character (aaaaaaaa) is a mask, not a secret.
        if value.allSatisfy({ $0 == first }) { return .invalid }
        // Identifiers in code (camelCase or snake_case words without digits) are variable names.
        // Random mixed case (about half the letters upper case) is not how identifiers are written:
        // camelCase has few capitals, CONSTANT_CASE has no lower case.
        if !value.contains(where: ASCII.isDigit) && value.allSatisfy({ ASCII.isAlpha($0) || $0 == 95 || $0 == 46 }) {
            let upper = value.count(where: { $0 &- 65 < 26 }), lower = value.count(where: { $0 &- 97 < 26 })
            if lower == 0 || upper * 3 <= upper + lower { return .invalid }
        }
        return .plausible
    }
}

/// JSON Web Tokens: the header segment must decode (base64url) to JSON that names an `alg`.
public struct JWTValidator: Validator {
    /// Creates the validator.
    public init() {}

    /// `false`: the value alone decides.
    public var readsContextKeyword: Bool { false }

    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        guard let dot = value.firstIndex(of: 46) else { return .invalid }
        guard let header = Base64URL.decode(value[..<dot]) else { return .invalid }
        // A JSON object naming its algorithm: `{` first, `"alg"` somewhere (bytes, no String needed).
        guard header.first == UInt8(ascii: "{") else { return .invalid }
        let key = Array(#""alg""#.utf8)
        guard header.count >= key.count else { return .invalid }
        for i in 0...(header.count - key.count) where header[i] == key[0] && Array(header[i..<i + key.count]) == key {
            return .valid
        }
        return .invalid
    }
}

/// A minimal base64url decoder for token headers (no padding required).
enum Base64URL {
    static func decode(_ input: Slice<UnsafeRawBufferPointer>) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in input {
            let v: UInt8
            switch c {
            case 65...90: v = c - 65
            case 97...122: v = c - 71
            case 48...57: v = c + 4
            case 45, 43: v = 62
            case 95, 47: v = 63
            case 61: continue
            default: return nil
            }
            buffer = (buffer << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }
}
