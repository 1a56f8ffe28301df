/// Confirms or rejects a value that a detector's pattern matched.
///
/// Validators see raw bytes (UTF-8 in practice) so that they run without allocating on the scan path.
public protocol Validator: Sendable {
    /// Judges one value.
    func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult

    /// Whether ``validate(_:context:)`` reads ``DetectionContext/hasContextKeyword``. When it does not,
    /// the engine validates first and looks for context keywords only before values it accepted (the
    /// keywords then only raise their confidence). Defaults to `true`.
    var readsContextKeyword: Bool { get }
}

extension Validator {
    /// `true`: the engine looks for context keywords before it validates.
    public var readsContextKeyword: Bool { true }
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
}
