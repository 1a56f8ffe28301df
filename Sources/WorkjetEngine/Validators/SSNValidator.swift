/// US Social Security numbers: the SSA's structural rules.
///
/// Area 000, 666 and 900-999, group 00 and serial 0000 were never issued; 078-05-1120 (the Woolworth
/// wallet card), 219-09-9999 (an SSA advertisement) and 123-45-6789 are publicly known invalid numbers.
public struct SSNValidator: Validator {
    /// Creates the validator.
    public init() {}

    /// `false`: the value alone decides.
    public var readsContextKeyword: Bool { false }

    static let knownInvalid: Set<Int> = [078_05_1120, 219_09_9999, 123_45_6789]

    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        var digits = 0
        var n = 0
        var separator: UInt8 = 0
        for b in value {
            if ASCII.isDigit(b) {
                n = n * 10 + Int(b &- 48)
                digits += 1
            } else if b == 45 || b == 32 {
                if separator == 0 { separator = b } else if separator != b { return .invalid }
            } else {
                return .invalid
            }
        }
        guard digits == 9 else { return .invalid }
        let area = n / 1_000_000, group = (n / 10_000) % 100, serial = n % 10_000
        if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 { return .invalid }
        if Self.knownInvalid.contains(n) { return .invalid }
        // All nine digits the same (111-11-1111) is a placeholder, not a number.
        if n % 111_111_111 == 0 { return .invalid }
        return .valid
    }
}
