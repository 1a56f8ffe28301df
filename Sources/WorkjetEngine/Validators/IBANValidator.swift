/// International Bank Account Numbers: a country code whose registered length matches, two check
/// digits, and the ISO 7064 MOD 97-10 checksum.
///
/// Accepts the compact form (`GB82WEST12345698765432`) and the printed form in groups of four
/// separated by single spaces (`GB82 WEST 1234 5698 7654 32`). Lengths are those of the SWIFT IBAN
/// registry (ISO 13616); a country that does not issue IBANs is rejected, which keeps random
/// `XX00…` strings out.
public struct IBANValidator: Validator {
    /// Creates the validator.
    public init() {}

    /// `false`: the value alone decides.
    public var readsContextKeyword: Bool { false }

    public func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
        var chars = [UInt8]()
        chars.reserveCapacity(34)
        for b in value {
            if b == 32 { continue }
            guard ASCII.isAlnum(b) else { return .invalid }
            chars.append(b &- 97 < 26 ? b &- 32 : b)  // upper case
        }
        guard chars.count >= 15, chars.count <= 34 else { return .invalid }
        guard ASCII.isAlpha(chars[0]), ASCII.isAlpha(chars[1]), ASCII.isDigit(chars[2]), ASCII.isDigit(chars[3]) else {
            return .invalid
        }
        let country = String(decoding: chars[0..<2], as: UTF8.self)
        guard Self.lengths[country] == chars.count else { return .invalid }
        return Self.mod97(chars) == 1 ? .valid : .invalid
    }

    /// The remainder mod 97 of the number formed by moving the first four characters to the end and
    /// replacing letters by 10…35; a valid IBAN gives 1.
    static func mod97(_ chars: [UInt8]) -> Int {
        var remainder = 0
        for b in chars[4...] + chars[..<4] {
            if ASCII.isDigit(b) {
                remainder = (remainder * 10 + Int(b &- 48)) % 97
            } else {
                remainder = (remainder * 100 + Int(b &- 55)) % 97
            }
        }
        return remainder
    }

    /// IBAN length by country (SWIFT IBAN registry).
    static let lengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
        "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
        "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
        "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
        "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
        "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
        "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
        "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    ]
}
