/// Values for the hard negatives.
enum DecoyValues {
    static func digits(_ n: Int, _ width: Int) -> [UInt8] {
        var v = [UInt8]()
        SSNMaker.append(n, width, &v)
        return v
    }

    static func date(_ rng: inout Xoshiro256) -> [UInt8] {
        let y = rng.int(in: 2019...2026), m = rng.int(in: 1...12), d = rng.int(in: 1...28)
        switch rng.below(4) {
        case 0: return digits(y, 4) + [45] + digits(m, 2) + [45] + digits(d, 2)
        case 1: return digits(m, 2) + [47] + digits(d, 2) + [47] + digits(y, 4)
        case 2: return digits(d, 2) + [46] + digits(m, 2) + [46] + digits(y, 4)
        default: return digits(y, 4) + digits(m, 2) + digits(d, 2)
        }
    }

    static func time(_ rng: inout Xoshiro256) -> [UInt8] {
        digits(rng.below(24), 2) + [58] + digits(rng.below(60), 2) + [58] + digits(rng.below(60), 2)
    }

    static func timestamp(_ rng: inout Xoshiro256) -> [UInt8] {
        var v = digits(rng.int(in: 2019...2026), 4) + [45] + digits(rng.int(in: 1...12), 2) + [45]
            + digits(rng.int(in: 1...28), 2) + [84] + time(&rng)
        if rng.percent(50) { v += [46] + digits(rng.below(1000), 3) }
        v.append(90)
        return v
    }

    static func uuid(_ rng: inout Xoshiro256) -> [UInt8] {
        let h = Alphabet.hexLower
        return Alphabet.random(8, h, &rng) + [45] + Alphabet.random(4, h, &rng) + [45, 52] + Alphabet.random(3, h, &rng)
            + [45] + Alphabet.random(4, h, &rng) + [45] + Alphabet.random(12, h, &rng)
    }

    static func gitSHA(_ rng: inout Xoshiro256) -> [UInt8] {
        Alphabet.random(rng.percent(50) ? 40 : 7, Alphabet.hexLower, &rng)
    }

    static func semver(_ rng: inout Xoshiro256) -> [UInt8] {
        var v: [UInt8] = rng.percent(50) ? [118] : []
        v += digits(rng.below(20), 1) + [46] + digits(rng.below(40), 1) + [46] + digits(rng.below(200), 1)
        if rng.percent(20) { v += Array("-rc.".utf8) + digits(rng.int(in: 1...5), 1) }
        return v
    }

    static func ipv4(_ rng: inout Xoshiro256) -> [UInt8] {
        let first = rng.pick([10, 172, 192, 34, 52, 203, 100])
        return digits(first, 1) + [46] + digits(rng.below(256), 1) + [46] + digits(rng.below(256), 1) + [46]
            + digits(rng.int(in: 1...254), 1)
    }

    static func hostPort(_ rng: inout Xoshiro256) -> [UInt8] {
        ipv4(&rng) + [58] + digits(rng.pick([80, 443, 8080, 5432, 6379, 3306, 9092, 27017]), 1)
    }

    static func orderID(_ rng: inout Xoshiro256) -> [UInt8] {
        switch rng.below(3) {
        case 0: return Array("ORD-".utf8) + digits(rng.int(in: 2019...2026), 4) + [45] + digits(rng.below(1_000_000), 6)
        case 1: return Array("INV-".utf8) + digits(rng.below(100_000), 5)
        default: return [35] + digits(rng.int(in: 100_000...9_999_999), 1)
        }
    }

    /// An ISBN-13 with a correct check digit, hyphenated as publishers print it.
    static func isbn(_ rng: inout Xoshiro256) -> [UInt8] {
        var d: [Int] = [9, 7, rng.percent(80) ? 8 : 9, rng.below(2)]
        for _ in 0..<8 { d.append(rng.below(10)) }
        var sum = 0
        for (i, x) in d.enumerated() { sum += i % 2 == 0 ? x : 3 * x }
        d.append((10 - sum % 10) % 10)
        let a = d.map { UInt8($0 + 48) }
        return Array(a[0..<3]) + [45] + [a[3]] + [45] + Array(a[4..<7]) + [45] + Array(a[7..<12]) + [45] + [a[12]]
    }

    static func awsExample(_ rng: inout Xoshiro256) -> Decoy {
        rng.percent(50)
            ? Decoy(key: "aws_access_key_id", phrase: "aws_access_key_id = ", value: Array("AKIAIOSFODNN7EXAMPLE".utf8))
            : Decoy(
                key: "aws_secret_access_key", phrase: "aws_secret_access_key = ",
                value: Array("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8))
    }

    private static let placeholders: [(key: StaticString, value: String)] = [
        ("api_key", "YOUR_API_KEY"), ("token", "${TOKEN}"), ("Authorization", "Bearer <token>"),
        ("password", "changeme"), ("secret", "xxxxxxxxxxxxxxxx"), ("password", "********"),
        ("api_key", "<your-api-key>"), ("token", "{{ .Values.token }}"), ("password", "[REDACTED]"),
        ("client_secret", "REPLACE_ME"), ("DB_PASSWORD", "${DB_PASSWORD}"), ("api_key", "your-api-key-here"),
        ("auth_token", "TODO"), ("access_token", "process.env.ACCESS_TOKEN"), ("Authorization", "Bearer YOUR_TOKEN_HERE"),
        ("OPENAI_API_KEY", "sk-..."), ("password", "<password>"), ("api_key", "XXXXXXXXXXXXXXXXXXXXXXXX"),
        ("secret_key", "insert-secret-key-here"), ("password", "example-password"),
    ]

    static func placeholder(_ rng: inout Xoshiro256) -> Decoy {
        let p = rng.pick(placeholders)
        return Decoy(key: p.key, phrase: "", value: Array(p.value.utf8))
    }

    /// Nine- and ten-digit numbers with no keyword: ticket, build and customer numbers.
    static func bareNumber(_ rng: inout Xoshiro256) -> [UInt8] {
        rng.percent(50) ? digits(rng.int(in: 100_000_000...999_999_999), 9) : digits(rng.int(in: 2_000_000_000...9_999_999_999), 10)
    }

    /// An ABA routing number (nine digits with the 3-7-1 checksum), a bank fact printed on every cheque.
    static func routingNumber(_ rng: inout Xoshiro256) -> [UInt8] {
        while true {
            var d = [rng.below(2), rng.int(in: 1...9)]
            for _ in 0..<6 { d.append(rng.below(10)) }
            let partial = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
            d.append((10 - partial % 10) % 10)
            if d[0] * 10 + d[1] <= 12 { return d.map { UInt8($0 + 48) } }
        }
    }

    static func epoch(_ rng: inout Xoshiro256) -> [UInt8] {
        let seconds = 1_600_000_000 + rng.below(200_000_000)
        return rng.percent(50) ? digits(seconds, 10) : digits(seconds, 10) + digits(rng.below(1000), 3)
    }

    static func price(_ rng: inout Xoshiro256) -> [UInt8] {
        let dollars = rng.below(100_000)
        var v: [UInt8] = [36]
        if dollars >= 1000 { v += digits(dollars / 1000, 1) + [44] + digits(dollars % 1000, 3) } else { v += digits(dollars, 1) }
        return v + [46] + digits(rng.below(100), 2)
    }

    static func tokenUsage(_ rng: inout Xoshiro256) -> [UInt8] {
        let p = rng.int(in: 5...8000), c = rng.int(in: 1...4000)
        return Array(#"{"prompt_tokens": "#.utf8) + digits(p, 1) + Array(#", "completion_tokens": "#.utf8) + digits(c, 1)
            + Array(#", "total_tokens": "#.utf8) + digits(p + c, 1) + [125]
    }

    static func publicKey(_ rng: inout Xoshiro256) -> [UInt8] {
        if rng.percent(40) {
            return Array("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI".utf8) + Alphabet.random(43, Alphabet.base64, &rng)
                + Array(" deploy@ci-runner".utf8)
        }
        let label = rng.percent(50) ? "PUBLIC KEY" : "CERTIFICATE"
        var v = Array("-----BEGIN \(label)-----\n".utf8)
        for _ in 0..<rng.int(in: 3...12) { v += Alphabet.random(64, Alphabet.base64, &rng) + [10] }
        v += Array("-----END \(label)-----".utf8)
        return v
    }
}
