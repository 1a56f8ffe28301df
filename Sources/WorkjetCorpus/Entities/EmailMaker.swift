/// Email addresses of people, teams and services at plausible domains, written bare or wrapped the
/// way mail headers, HTML and JSON wrap them (the wrapping is not part of the span).
enum EmailMaker {
    private static let phrases: [StaticString] = [
        "email ", "contact ", "send it to ", "reply to ", "From: ", "To: ", "Cc: ", "cc ", "write to ",
        "reach me at ", "owner ", "user ", "assigned to ", "forwarded by ",
    ]
    private static let keys: [StaticString] = ["email", "user_email", "contact", "from", "to", "owner", "reply_to"]
    private static let services: [StaticString] = [
        "support", "billing", "ops", "noreply", "security", "hr", "sales", "admin", "devops", "finance", "info",
    ]
    private static let tlds: [StaticString] = [
        "com", "com", "com", "io", "net", "org", "co.uk", "de", "fr", "jp", "dev", "app", "ai", "co", "ca",
        "com.au", "nl", "ch", "es", "it", "se", "in", "us", "eu",
    ]

    static func make(_ rng: inout Xoshiro256) -> Plant {
        var v = [UInt8]()
        let first = rng.pick(Vocabulary.firstNames), last = rng.pick(Vocabulary.lastNames)
        switch rng.below(8) {
        case 0, 1: lower(first, &v); v.append(46); lower(last, &v)
        case 2: lower(first, &v); v.append(95); lower(last, &v)
        case 3: first.withUTF8Buffer { v.append($0[0] | 0x20) }; lower(last, &v)
        case 4: lower(first, &v); v.append(43); lower(rng.pick(Vocabulary.nouns), &v)
        case 5: lower(first, &v); v.append(46); lower(last, &v); SSNMaker.append(rng.int(in: 1...99), 2, &v)
        case 6: lower(rng.pick(services), &v)
        default: lower(first, &v); SSNMaker.append(rng.int(in: 1...9999), 1 + rng.below(4), &v)
        }
        v.append(64)
        if rng.percent(15) { lower(rng.pick(["mail", "corp", "eu", "us", "mx"] as [StaticString]), &v); v.append(46) }
        lower(rng.pick(Vocabulary.companies), &v)
        v.append(46)
        lower(rng.pick(tlds), &v)

        var plant = Plant(type: .email, value: v, key: rng.pick(keys), phrase: rng.pick(phrases))
        switch rng.below(10) {
        case 0, 1: plant.prefix = "<"; plant.suffix = ">"
        case 2: plant.prefix = "mailto:"
        case 3: plant.prefix = "\""; plant.suffix = "\""
        case 4: plant.prefix = "("; plant.suffix = ")"
        default: break
        }
        return plant
    }

    private static func lower(_ s: StaticString, _ out: inout [UInt8]) {
        s.withUTF8Buffer { for b in $0 { out.append(b &- 65 < 26 ? b | 0x20 : b) } }
    }
}
