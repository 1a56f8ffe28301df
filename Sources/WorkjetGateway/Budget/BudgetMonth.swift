import Foundation

/// UTC calendar months, the period of every budget cap.
enum BudgetMonth {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `YYYY-MM` of a time (milliseconds since 1970).
    static func of(millis: Int64) -> String {
        let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: Double(millis) / 1000))
        return String(format: "%04d-%02d", parts.year ?? 1970, parts.month ?? 1)
    }

    /// The month's first millisecond and the next month's first millisecond.
    static func range(_ month: String) -> (from: Int64, until: Int64)? {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...12).contains(number),
            let start = calendar.date(from: DateComponents(year: year, month: number, day: 1)),
            let end = calendar.date(byAdding: .month, value: 1, to: start)
        else { return nil }
        return (Int64(start.timeIntervalSince1970 * 1000), Int64(end.timeIntervalSince1970 * 1000))
    }
}
