import Foundation

/// Money and rates as Foundation `Decimal`, never binary floating point.
///
/// YAML `0.15` is read from its text. When a decoder only offers a `Double`, its shortest round-trip text
/// (`0.15`) is what the author wrote, so parsing that text gives the exact decimal.
public enum DecimalText {
    /// Parses `"12.50"`; nil for anything that is not a plain decimal number.
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 40,
            trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") })
        else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Decodes a number written as a YAML/JSON number or string.
    static func decode(from decoder: any Decoder) throws -> Decimal {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let value = parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text.prefix(40))' is not a decimal number")
            }
            return value
        }
        if let integer = try? container.decode(Int.self) { return Decimal(integer) }
        let double = try container.decode(Double.self)
        guard double.isFinite, let value = parse("\(double)") else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal number")
        }
        return value
    }

    /// Plain text (`0.00042`), as stored in audit records and reported by the usage API.
    public static func format(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        // Twelve places: far below a millionth of a cent, and bounded so that text stays short.
        NSDecimalRound(&rounded, &value, 12, .plain)
        return rounded.description
    }
}
