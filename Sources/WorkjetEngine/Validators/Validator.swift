/// Confirms or rejects a value that a detector's pattern matched.
///
/// Validators see raw bytes (UTF-8 in practice) so that they run without allocating on the scan path.
public protocol Validator: Sendable {
    /// Judges one value.
    func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult
}

/// A validator's verdict.
public enum ValidationResult: Hashable, Sendable {
    /// A checksum or structural rule confirmed the value.
    case valid
    /// Nothing disproves the value, but nothing proves it either.
    case plausible
    /// The value is not what the detector claims.
    case invalid
}

/// Byte-class helpers shared by validators.
enum ASCII {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }

    /// Whether `haystack`, compared case-insensitively, contains `needle` (lower-case ASCII).
    static func containsLowercased(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, haystack.count >= n else { return n == 0 }
        for i in 0...(haystack.count - n) where lower(haystack[i]) == needle[0] {
            var j = 1
            while j < n && lower(haystack[i + j]) == needle[j] { j += 1 }
            if j == n { return true }
        }
        return false
    }
}
