/// Payment card numbers: a brand's issuer prefix and length, random account digits, a Luhn check digit,
/// written plain or grouped the way the brand prints it.
enum CardMaker {
    private static let phrases: [StaticString] = [
        "card number ", "Card: ", "charged to card ", "paid with ", "Visa ", "PAN ",
        "credit card ", "please use ", "the card on file is ", "cc: ", "new card ", "number ",
    ]
    private static let keys: [StaticString] = ["card_number", "cardNumber", "pan", "cc_number", "card", "payment_card"]

    static func make(_ rng: inout Xoshiro256) -> Plant {
        var digits = number(&rng)
        digits = digits.map { $0 + 48 }
        return Plant(type: .creditCard, value: format(digits, &rng), key: rng.pick(keys), phrase: rng.pick(phrases))
    }

    /// Digit values (0-9) of a Luhn-valid number of a random brand.
    static func number(_ rng: inout Xoshiro256) -> [UInt8] {
        var prefix: Int
        var length: Int
        switch rng.below(16) {
        case 0..<4:  // Visa
            prefix = 4
            length = rng.percent(85) ? 16 : (rng.percent(50) ? 13 : 19)
        case 4..<6:  // Mastercard 51-55
            prefix = rng.int(in: 51...55)
            length = 16
        case 6..<8:  // Mastercard 2-series
            prefix = rng.int(in: 2221...2720)
            length = 16
        case 8..<10:  // American Express
            prefix = rng.percent(50) ? 34 : 37
            length = 15
        case 10:  // Discover
            prefix = rng.pick([6011, 644, 645, 646, 647, 648, 649, 65])
            length = rng.percent(90) ? 16 : 19
        case 11:  // Discover co-branded UnionPay range
            prefix = rng.int(in: 622126...622925)
            length = 16
        case 12:  // Diners Club
            prefix = rng.pick([300, 301, 302, 303, 304, 305, 36, 38, 39])
            length = rng.percent(80) ? 14 : 16
        case 13:  // JCB
            prefix = rng.int(in: 3528...3589)
            length = 16
        default:  // UnionPay
            prefix = 62
            length = rng.int(in: 16...19)
        }
        var digits = [UInt8]()
        digits.reserveCapacity(length)
        var p = [UInt8]()
        while prefix > 0 {
            p.append(UInt8(prefix % 10))
            prefix /= 10
        }
        digits.append(contentsOf: p.reversed())
        while digits.count < length - 1 { digits.append(UInt8(rng.below(10))) }
        digits.append(checkDigit(digits))
        return digits
    }

    /// The Luhn check digit for `body` (digit values).
    static func checkDigit(_ body: [UInt8]) -> UInt8 {
        var sum = 0
        for (i, d) in body.reversed().enumerated() {
            var v = Int(d)
            if i & 1 == 0 {  // doubled positions, counted from the digit left of the check digit
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
        }
        return UInt8((10 - sum % 10) % 10)
    }

    /// Groups ASCII digits as the brand prints them: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4; or plain.
    static func format(_ ascii: [UInt8], _ rng: inout Xoshiro256) -> [UInt8] {
        let style = rng.below(10)
        guard style >= 4 else { return ascii }  // plain, as in forms, CSV exports and logs
        let separator: UInt8 = style < 8 ? 32 : 45
        let groups: [Int]
        switch ascii.count {
        case 16: groups = [4, 4, 4, 4]
        case 19: groups = [4, 4, 4, 4, 3]
        case 15: groups = [4, 6, 5]
        case 14: groups = [4, 6, 4]
        default: return ascii
        }
        var out = [UInt8]()
        var i = 0
        for (n, g) in groups.enumerated() {
            if n > 0 { out.append(separator) }
            out.append(contentsOf: ascii[i..<i + g])
            i += g
        }
        return out
    }
}
