import Foundation

/// Parses sizes such as `512`, `64k`, `10M`, `2G` (powers of 1024).
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return nil }
        let units: [Character: Int] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40]
        var digits = trimmed
        var factor = 1
        if let unit = units[Character(last.lowercased())] {
            factor = unit
            digits.removeLast()
            if digits.last == "i" || digits.last == "I" { digits.removeLast() }
        } else if last == "B" || last == "b" {
            digits.removeLast()
            if digits.last == "i" { digits.removeLast() }
            if let unit = digits.last.flatMap({ units[Character($0.lowercased())] }) {
                factor = unit
                digits.removeLast()
            }
        }
        guard let value = Double(digits), value >= 0 else { return nil }
        return Int(value * Double(factor))
    }

    /// `1.5 MB`, `320 B`.
    static func format(_ bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
