/// Hard negatives: numbers and strings that share a shape with sensitive data but are not sensitive
/// (mistyped cards, never-issued SSNs, dates, ids, hashes, documented example keys, placeholders).
/// They are what real documents are full of, not strings crafted against one pattern.
enum NegativeMaker {
    static func make(_ rng: inout Xoshiro256) -> Decoy {
        switch rng.below(24) {
        case 0, 1: return luhnFailure(&rng)
        case 2: return sameDigits(&rng)
        case 3, 4: return invalidSSN(&rng)
        case 5: return Decoy(key: "created_at", phrase: "on ", value: DecoyValues.date(&rng))
        case 6: return Decoy(key: "timestamp", phrase: "at ", value: DecoyValues.timestamp(&rng))
        case 7: return Decoy(key: "request_id", phrase: "request ", value: DecoyValues.uuid(&rng))
        case 8: return Decoy(key: "commit", phrase: "commit ", value: DecoyValues.gitSHA(&rng))
        case 9: return Decoy(key: "version", phrase: "version ", value: DecoyValues.semver(&rng))
        case 10: return Decoy(key: "client_ip", phrase: "from ", value: DecoyValues.ipv4(&rng))
        case 11: return Decoy(key: "order_id", phrase: "order ", value: DecoyValues.orderID(&rng))
        case 12: return Decoy(key: "isbn", phrase: "ISBN ", value: DecoyValues.isbn(&rng))
        case 13: return Decoy(key: "sha256", phrase: "checksum ", value: Alphabet.random(rng.percent(50) ? 64 : 32, Alphabet.hexLower, &rng))
        case 14: return DecoyValues.awsExample(&rng)
        case 15, 16: return DecoyValues.placeholder(&rng)
        case 17: return Decoy(key: "ticket", phrase: rng.pick(["ticket #", "build ", "invoice no. ", "customer "]), value: DecoyValues.bareNumber(&rng))
        case 18: return Decoy(key: "routing_number", phrase: "routing number ", value: DecoyValues.routingNumber(&rng))
        case 19: return Decoy(key: "epoch", phrase: "epoch ", value: DecoyValues.epoch(&rng))
        case 20: return Decoy(key: "amount", phrase: "total ", value: DecoyValues.price(&rng))
        case 21: return Decoy(key: "usage", phrase: "", value: DecoyValues.tokenUsage(&rng), isAssignment: true)
        case 22: return Decoy(key: "public_key", phrase: "", value: DecoyValues.publicKey(&rng), isAssignment: true)
        default: return Decoy(key: "port", phrase: "listening on ", value: DecoyValues.hostPort(&rng))
        }
    }

    /// A card number with a brand prefix whose check digit is wrong (a typo or a made-up number).
    static func luhnFailure(_ rng: inout Xoshiro256) -> Decoy {
        var digits = CardMaker.number(&rng)
        let last = digits.count - 1
        digits[last] = UInt8((Int(digits[last]) + rng.int(in: 1...9)) % 10)
        let value = CardMaker.format(digits.map { $0 + 48 }, &rng)
        return Decoy(key: "card_number", phrase: rng.pick(["invalid card ", "declined: ", "card typo ", "reference "]), value: value)
    }

    static func sameDigits(_ rng: inout Xoshiro256) -> Decoy {
        let d = UInt8(48 + rng.below(10))
        let ascii = [UInt8](repeating: d, count: 16)
        return Decoy(key: "card_number", phrase: "masked card ", value: CardMaker.format(ascii, &rng))
    }

    /// SSNs the SSA never issued (area 000, 666, 900-999; group 00; serial 0000) and the famous invalid ones.
    static func invalidSSN(_ rng: inout Xoshiro256) -> Decoy {
        var (area, group, serial) = SSNMaker.parts(&rng)
        switch rng.below(7) {
        case 0: area = 0
        case 1: area = 666
        case 2: area = rng.int(in: 900...999)
        case 3: group = 0
        case 4: serial = 0
        case 5: (area, group, serial) = (78, 5, 1120)
        default: (area, group, serial) = (123, 45, 6789)
        }
        var v = [UInt8]()
        SSNMaker.append(area, 3, &v)
        v.append(45)
        SSNMaker.append(group, 2, &v)
        v.append(45)
        SSNMaker.append(serial, 4, &v)
        return Decoy(key: "ssn", phrase: rng.pick(["SSN ", "sample SSN ", "ssn: ", "id "]), value: v)
    }
}
