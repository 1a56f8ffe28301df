import Crypto
import Foundation

/// Makes and hashes API keys: `wj_live_` + base62 of 32 bytes from the system CSPRNG.
///
/// Only ``hash(_:)`` of a key is stored; the raw key is shown once, at creation.
///
/// ```swift
/// let (raw, hash, prefix) = APIKeyGenerator.generate()
/// // raw: "wj_live_4Qz…" (51 characters), prefix: "wj_live_4Qz9Ab"
/// ```
public enum APIKeyGenerator {
    /// The prefix every key starts with.
    public static let keyPrefix = "wj_live_"
    /// Random bytes per key.
    public static let randomByteCount = 32
    /// Characters of the key kept for display, after ``keyPrefix``.
    public static let displayCharacters = 6
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new key, its SHA-256 and its display prefix.
    public static func generate() -> (raw: String, hash: Data, displayPrefix: String) {
        // SystemRandomNumberGenerator reads getrandom(2)/arc4random: the system CSPRNG.
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<randomByteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let body = base62(bytes)
        let raw = keyPrefix + body
        return (raw, hash(raw), keyPrefix + String(body.prefix(displayCharacters)))
    }

    /// SHA-256 of a key's UTF-8 bytes.
    public static func hash(_ raw: String) -> Data {
        var raw = raw
        return raw.withUTF8 { Data(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    /// Whether a presented string has the shape of a key (cheap check before any lookup).
    public static func looksLikeKey(_ raw: String) -> Bool {
        raw.hasPrefix(keyPrefix) && raw.utf8.count >= keyPrefix.utf8.count + 43 && raw.utf8.count <= 128
            && raw.utf8.dropFirst(keyPrefix.utf8.count).allSatisfy(isBase62)
    }

    /// Whether `byte` is one of ``alphabet``'s ASCII digits and letters (a range test, not a search of it:
    /// this runs on every request's key).
    @inline(__always)
    static func isBase62(_ byte: UInt8) -> Bool {
        byte &- 48 < 10 || (byte | 0x20) &- 97 < 26
    }

    /// Base62 of a big-endian number, fixed width for the byte count (43 characters for 32 bytes).
    static func base62(_ bytes: [UInt8]) -> String {
        var number = bytes
        var digits: [UInt8] = []
        let width = Int((Double(bytes.count) * 8 / log2(62)).rounded(.up))
        while digits.count < width {
            var remainder = 0
            var quotient: [UInt8] = []
            quotient.reserveCapacity(number.count)
            for byte in number {
                let accumulator = remainder * 256 + Int(byte)
                let digit = accumulator / 62
                remainder = accumulator % 62
                if !quotient.isEmpty || digit != 0 { quotient.append(UInt8(digit)) }
            }
            digits.append(alphabet[remainder])
            number = quotient
        }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// Compares two digests without an early exit, so the time taken does not depend on where they differ.
    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { (x: UnsafeRawBufferPointer) -> Bool in
            b.withUnsafeBytes { (y: UnsafeRawBufferPointer) -> Bool in
                var difference: UInt8 = 0
                for i in 0..<x.count { difference |= x[i] ^ y[i] }
                return difference == 0
            }
        }
    }
}
