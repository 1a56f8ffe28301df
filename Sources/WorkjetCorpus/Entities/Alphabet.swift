/// Character sets the makers draw from, as bytes.
enum Alphabet {
    static let digits = Array("0123456789".utf8)
    static let nonZeroDigits = Array("123456789".utf8)
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let lower = Array("abcdefghijklmnopqrstuvwxyz".utf8)
    static let letters = upper + lower
    static let alphanumeric = upper + lower + digits
    static let lowerAlphanumeric = lower + digits
    static let upperAlphanumeric = upper + digits
    static let hexLower = Array("0123456789abcdef".utf8)
    static let hexUpper = Array("0123456789ABCDEF".utf8)
    static let base64 = alphanumeric + Array("+/".utf8)
    static let base64URL = alphanumeric + Array("-_".utf8)
    /// RFC 4648 base32, the alphabet of AWS key ids after the prefix.
    static let base32 = upper + Array("234567".utf8)
    /// Bech32, the alphabet of age secret keys.
    static let bech32Upper = Array("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".utf8)
    /// What people put in passwords: letters, digits and the symbols shells and config files tolerate unquoted.
    static let password = alphanumeric + Array("!@#$%^&*_-+=.~".utf8)
    /// Opaque bearer tokens (RFC 6750 b64token characters).
    static let bearer = alphanumeric + Array("-._~+/".utf8)

    static func random(_ count: Int, _ alphabet: [UInt8], _ rng: inout Xoshiro256) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(alphabet[rng.below(alphabet.count)]) }
        return out
    }
}

/// Base64 encodings for the JWTs and key blocks the makers build.
enum Base64 {
    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Standard base64 with `=` padding.
    static func encode(_ data: [UInt8]) -> [UInt8] { encode(data, table: standard, pad: true) }
    /// base64url without padding, as JWTs use it.
    static func encodeURL(_ data: [UInt8]) -> [UInt8] { encode(data, table: url, pad: false) }

    private static func encode(_ data: [UInt8], table: [UInt8], pad: Bool) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((data.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < data.count {
            let n = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2])
            out.append(table[Int(n >> 18 & 63)])
            out.append(table[Int(n >> 12 & 63)])
            out.append(table[Int(n >> 6 & 63)])
            out.append(table[Int(n & 63)])
            i += 3
        }
        let rest = data.count - i
        if rest > 0 {
            let n = UInt32(data[i]) << 16 | (rest == 2 ? UInt32(data[i + 1]) << 8 : 0)
            out.append(table[Int(n >> 18 & 63)])
            out.append(table[Int(n >> 12 & 63)])
            if rest == 2 { out.append(table[Int(n >> 6 & 63)]) } else if pad { out.append(61) }
            if pad { out.append(61) }
        }
        return out
    }
}
