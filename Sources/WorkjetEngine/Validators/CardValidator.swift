/// Payment card numbers: brand prefix and length table, Luhn checksum, grouping shape.
///
/// Prefix/length facts from the ISO/IEC 7812 issuer ranges as published by the card networks
/// (Visa, Mastercard 2-series, Amex, Discover, Diners, JCB, UnionPay, Maestro).
public struct CardValidator: Validator {
    /// Creates the validator.
    public init() {}

    /// `false`: the value alone decides.
    public var readsContextKeyword: Bool { false }

    // One pass over the bytes, no array: candidates from digit-heavy logs reach this for every
    // long number, so it stays allocation-free.
    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        var count = 0, prefix6 = 0
        var first: UInt8 = 0
        var allSame = true
        var separator: UInt8 = 0
        for b in value {
            if ASCII.isDigit(b) {
                let d = b &- 48
                if count == 0 {
                    // No brand issues numbers that start with 0, 1, 7, 8 or 9 (``brandAccepts(prefix6:length:)``):
                    // such a value is invalid whatever follows. Most digit runs of a card's length in logs are
                    // millisecond timestamps and ids starting with 1, which then cost no pass over their digits.
                    guard d &- 2 < 5 else { return .invalid }
                    first = d
                } else if d != first {
                    allSame = false
                }
                if count < 6 { prefix6 = prefix6 * 10 + Int(d) }
                count += 1
            } else if b == 32 || b == 45 {
                if separator == 0 { separator = b } else if separator != b { return .invalid }  // mixed separators
            } else {
                return .invalid
            }
        }
        guard (12...19).contains(count), !allSame else { return .invalid }
        guard Self.brandAccepts(prefix6: prefix6, length: count) else { return .invalid }
        var sum = 0, position = 0
        for b in value.reversed() where ASCII.isDigit(b) {
            var v = Int(b &- 48)
            if position & 1 == 1 {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
            position += 1
        }
        return sum % 10 == 0 ? .valid : .invalid
    }

    /// Whether a known brand issues numbers of this length starting with these six digits.
    static func brandAccepts(prefix6 p6: Int, length n: Int) -> Bool {
        let p1 = p6 / 100_000, p2 = p6 / 10_000, p3 = p6 / 1_000, p4 = p6 / 100
        if p1 == 4 { return n == 13 || n == 16 || n == 19 }  // Visa
        if (51...55).contains(p2) || (2221...2720).contains(p4) { return n == 16 }  // Mastercard
        if p2 == 34 || p2 == 37 { return n == 15 }  // American Express
        if p4 == 6011 || (644...649).contains(p3) || p2 == 65 || (622126...622925).contains(p6) {
            return (16...19).contains(n)  // Discover
        }
        if (300...305).contains(p3) || p2 == 36 || p2 == 38 || p2 == 39 { return (14...19).contains(n) }  // Diners
        if (3528...3589).contains(p4) { return (16...19).contains(n) }  // JCB
        if p2 == 62 { return (16...19).contains(n) }  // UnionPay
        if [5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].contains(p4) || p2 == 50 || (56...58).contains(p2) {
            return (12...19).contains(n)  // Maestro
        }
        return false
    }
}

/// The Luhn (mod 10) checksum.
public enum Luhn {
    /// Whether the digit values (0-9) pass the Luhn check.
    public static func isValid(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            var v = Int(d)
            if i & 1 == 1 {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
        }
        return sum % 10 == 0
    }

    /// Whether a string of ASCII digits (separators ignored) passes the Luhn check.
    public static func isValid(_ string: String) -> Bool {
        let digits = string.utf8.filter(ASCII.isDigit).map { $0 &- 48 }
        return !digits.isEmpty && isValid(digits)
    }
}
