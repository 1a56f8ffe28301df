/// Telephone numbers: North American Numbering Plan rules and E.164 for international numbers.
///
/// NANP: area code and exchange start with 2-9, the area code is neither an N11 service code nor an
/// x9x code reserved for expansion. A bare run of ten digits counts only next to a phone keyword.
/// E.164: at most 15 digits, a country calling code that the ITU has assigned, and a national number
/// length within that country's range.
public struct PhoneValidator: Validator {
    /// Creates the validator.
    public init() {}

    // Allocation-free: the digits go to a stack buffer (an array per value, and the dictionary of
    // country codes, were 30 % of this validator's instructions).
    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, value.count)) { buffer in
            var count = 0
            var plus = false
            var separators = 0
            var inExtension = false
            for b in value {
                if ASCII.isDigit(b) {
                    if !inExtension {
                        buffer[count] = b &- 48
                        count += 1
                    }
                } else if b == 43 {
                    plus = true
                } else if ASCII.isAlpha(b) {
                    inExtension = true  // "x123", "ext. 123"
                } else if b == 32 || b == 45 || b == 46 || b == 40 || b == 41 {
                    if !inExtension { separators += 1 }
                }
            }
            let digits = UnsafeBufferPointer(rebasing: buffer[..<count])
            if plus { return Self.validInternational(digits) ? .valid : .invalid }
            var national = digits[...]
            if national.count == 11, national.first == 1 { national = national.dropFirst() }
            if national.count == 10 {
                // A bare run of ten digits is an id or a timestamp unless a keyword says it is a phone.
                if separators == 0 && digits.count == 10 && !context.hasContextKeyword { return .invalid }
                return Self.validNANP(national) ? .valid : .invalid
            }
            return Self.validNational(digits) ? .plausible : .invalid
        }
    }

    static func validNANP(_ d: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard d.count == 10 else { return false }
        let d0 = d[d.startIndex], d1 = d[d.startIndex + 1], d2 = d[d.startIndex + 2], d3 = d[d.startIndex + 3]
        guard d0 >= 2, d3 >= 2 else { return false }
        if d1 == 1 && d2 == 1 { return false }  // N11 service codes are not area codes
        if d0 == 9 && d1 == 5 && d2 == 8 { return false }  // 958: test code
        if d1 == 9 { return false }  // x9x area codes are reserved for expansion
        return true
    }

    /// Country calling codes (ITU-T E.164 assignments) with the national significant number lengths used.
    static let countryLengths: [Int: ClosedRange<Int>] = [
        1: 10...10, 7: 10...10, 20: 8...10, 27: 9...9, 30: 10...10, 31: 9...9, 32: 8...9, 33: 9...9, 34: 9...9,
        36: 8...9, 39: 6...11, 40: 9...9, 41: 9...9, 43: 4...13, 44: 9...10, 45: 8...8, 46: 7...10, 47: 8...8,
        48: 9...9, 49: 6...13, 51: 8...9, 52: 10...10, 53: 8...8, 54: 10...10, 55: 10...11, 56: 9...9, 57: 8...10,
        58: 10...10, 60: 7...10, 61: 9...9, 62: 8...12, 63: 8...10, 64: 8...10, 65: 8...8, 66: 8...9, 81: 9...10,
        82: 8...10, 84: 9...10, 86: 10...11, 90: 10...10, 91: 10...10, 92: 9...10, 93: 9...9, 94: 9...9, 95: 8...10,
        98: 10...10, 212: 9...9, 213: 8...9, 216: 8...8, 234: 8...10, 254: 9...9, 255: 9...9, 256: 9...9,
        351: 9...9, 352: 8...11, 353: 7...9, 354: 7...9, 355: 8...9, 356: 8...8, 357: 8...8, 358: 5...12,
        359: 8...9, 370: 8...8, 371: 8...8, 372: 7...8, 380: 9...9, 381: 8...9, 385: 8...9, 386: 8...8,
        420: 9...9, 421: 9...9, 852: 8...8, 853: 8...8, 855: 8...9, 880: 10...10, 886: 8...9, 961: 7...8,
        962: 8...9, 965: 8...8, 966: 9...9, 971: 8...9, 972: 8...9, 974: 8...8,
    ]

    /// ``countryLengths`` by country code (0-999), lengths packed as `minimum << 8 | maximum`; 0 where no
    /// country has the code.
    static let countryLengthTable: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 1000)
        for (code, lengths) in countryLengths { table[code] = UInt16(lengths.lowerBound << 8 | lengths.upperBound) }
        return table
    }()

    static func validInternational(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (8...15).contains(d.count), d[0] != 0 else { return false }
        var cc = 0
        for ccLength in 1...3 {
            cc = cc * 10 + Int(d[ccLength - 1])
            let lengths = countryLengthTable[cc]
            if lengths != 0 {
                let national = d[ccLength...]
                guard Int(lengths >> 8) <= national.count && national.count <= Int(lengths & 0xFF) else { return false }
                return cc == 1 ? validNANP(national) : national.first != 0 || cc == 39
            }
        }
        return false
    }

    /// National formats outside NANP (France 0X XX XX XX XX, UK 0XXXX XXXXXX, Germany 0XX…).
    static func validNational(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
        guard d.first == 0, d.count >= 10, d.count <= 11, d[1] != 0 else { return false }
        return true
    }
}
