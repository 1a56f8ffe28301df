/// UK NHS numbers: ten digits (plain, or grouped 3-3-4 by spaces or dashes) whose last digit is the
/// modulus 11 check digit of the first nine (weights 10 down to 2; a check value of 10 is never issued).
public struct NHSNumberValidator: Validator {
    /// Creates the validator.
    public init() {}

    /// `false`: the value alone decides.
    public var readsContextKeyword: Bool { false }

    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        var digits = [Int]()
        digits.reserveCapacity(10)
        var separator: UInt8 = 0
        for b in value {
            if ASCII.isDigit(b) {
                digits.append(Int(b &- 48))
            } else if b == 32 || b == 45 {
                if separator == 0 { separator = b } else if separator != b { return .invalid }
            } else {
                return .invalid
            }
        }
        guard digits.count == 10, digits.contains(where: { $0 != digits[0] }) else { return .invalid }
        var sum = 0
        for i in 0..<9 { sum += digits[i] * (10 - i) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == digits[9] ? .valid : .invalid
    }
}
