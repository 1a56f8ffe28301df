/// US Social Security numbers valid under the SSA's rules: area 001-899 except 666, group 01-99,
/// serial 0001-9999, never one of the publicly known invalid numbers.
enum SSNMaker {
    private static let phrases: [StaticString] = [
        "SSN ", "SSN: ", "Social Security Number: ", "social security no. ", "ssn=", "SSN# ", "taxpayer id ",
    ]
    private static let keys: [StaticString] = ["ssn", "SSN", "social_security_number", "ssn_full", "taxpayer_ssn"]
    private static let looseLeadIns: [StaticString] = ["employee record ", "applicant ", "member ", "on file: ", "ID "]

    static func make(_ rng: inout Xoshiro256) -> Plant {
        let (area, group, serial) = parts(&rng)
        var value = [UInt8]()
        let shape = rng.below(10)
        // Dashed numbers are recognisable without a keyword; spaced and bare ones are written after one,
        // as forms and records do.
        let separator: UInt8? = shape < 6 ? 45 : (shape < 8 ? 32 : nil)
        append(area, 3, &value)
        if let separator { value.append(separator) }
        append(group, 2, &value)
        if let separator { value.append(separator) }
        append(serial, 4, &value)
        let phrase = shape < 3 ? rng.pick(looseLeadIns) : rng.pick(phrases)
        return Plant(type: .usSSN, value: value, key: rng.pick(keys), phrase: phrase)
    }

    static func parts(_ rng: inout Xoshiro256) -> (Int, Int, Int) {
        while true {
            let area = rng.int(in: 1...899)
            let group = rng.int(in: 1...99)
            let serial = rng.int(in: 1...9999)
            if area == 666 { continue }
            if (area, group, serial) == (78, 5, 1120) || (area, group, serial) == (219, 9, 9999)
                || (area, group, serial) == (123, 45, 6789)
            {
                continue
            }
            return (area, group, serial)
        }
    }

    static func append(_ n: Int, _ width: Int, _ out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(48 + n / divisor % 10))
            divisor /= 10
        }
    }
}
