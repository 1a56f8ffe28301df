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

    /// `"alg"` (`22 61 6C 67 22`), five bytes packed as ``validate(_:context:)`` shifts decoded bytes in; a
    /// literal, so that reading it costs no lazy-initialisation check.
    private static let algKey: UInt64 = 0x22_61_6C_67_22

    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        guard let dot = value.firstIndex(of: 46) else { return .invalid }
        // A JSON object naming its algorithm: the header decodes (``Base64URL``) to `{` first and `"alg"`
        // somewhere. Decoded a byte at a time with the last five kept in an integer: the decoded array and
        // its growth were most of a token's validation.
        var buffer: UInt32 = 0, bits = 0, decoded = 0
        var last5: UInt64 = 0
        var named = false
        for c in value[..<dot] {
            guard let v = Base64URL.value(of: c) else { return .invalid }
            if v == Base64URL.padding { continue }
            buffer = (buffer << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                let byte = UInt8((buffer >> UInt32(bits)) & 0xFF)
                // Not an object: invalid, whatever the rest decodes to.
                if decoded == 0 && byte != UInt8(ascii: "{") { return .invalid }
                decoded += 1
                last5 = (last5 << 8 | UInt64(byte)) & 0xFF_FFFF_FFFF
                if decoded >= 5 && last5 == Self.algKey { named = true }
            }
        }
        return named ? .valid : .invalid
    }
}

/// A minimal base64url decoder for token headers (no padding required).
enum Base64URL {
    /// What ``value(of:)`` returns for `=`, which decoding skips.
    static let padding: UInt8 = 64

    /// The 6-bit value of a base64url (or base64) character, ``padding`` for `=`, `nil` for anything else.
    @inline(__always)
    static func value(of c: UInt8) -> UInt8? {
        switch c {
        case 65...90: c - 65
        case 97...122: c - 71
        case 48...57: c + 4
        case 45, 43: 62
        case 95, 47: 63
        case 61: padding
        default: nil
        }
    }

    static func decode(_ input: Slice<UnsafeRawBufferPointer>) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in input {
            guard let v = value(of: c) else { return nil }
            if v == padding { continue }
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
