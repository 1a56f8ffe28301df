/// Provider token formats (public facts: prefix, alphabet, length) and a generator for each.
///
/// Kept apart from the engine's own table on purpose: the corpus must not reuse the detector's
/// patterns, or a wrong pattern would be confirmed by a corpus built from it.
enum ProviderTokens {
    /// One piece of a token: fixed text, or `min...max` characters from an alphabet.
    enum Part {
        case text(String)
        case random([UInt8], ClosedRange<Int>)
    }

    static let formats: [[Part]] = [
        [.text("ghp_"), .random(Alphabet.alphanumeric, 36...36)],
        [.text("gho_"), .random(Alphabet.alphanumeric, 36...36)],
        [.text("ghu_"), .random(Alphabet.alphanumeric, 36...36)],
        [.text("ghs_"), .random(Alphabet.alphanumeric, 36...36)],
        [.text("ghr_"), .random(Alphabet.alphanumeric, 36...36)],
        [.text("github_pat_"), .random(Alphabet.alphanumeric, 22...22), .text("_"), .random(Alphabet.alphanumeric, 59...59)],
        [.text("glpat-"), .random(Alphabet.base64URL, 20...20)],
        [.text("xoxb-"), .random(Alphabet.digits, 12...12), .text("-"), .random(Alphabet.digits, 13...13), .text("-"), .random(Alphabet.alphanumeric, 24...24)],
        [.text("xoxp-"), .random(Alphabet.digits, 12...12), .text("-"), .random(Alphabet.digits, 12...12), .text("-"), .random(Alphabet.digits, 13...13), .text("-"), .random(Alphabet.hexLower, 32...32)],
        [.text("https://hooks.slack.com/services/T"), .random(Alphabet.upperAlphanumeric, 8...10), .text("/B"), .random(Alphabet.upperAlphanumeric, 8...10), .text("/"), .random(Alphabet.alphanumeric, 24...24)],
        [.text("sk_live_"), .random(Alphabet.alphanumeric, 24...99)],
        [.text("rk_live_"), .random(Alphabet.alphanumeric, 24...99)],
        [.text("whsec_"), .random(Alphabet.alphanumeric, 32...32)],
        [.text("sk-proj-"), .random(Alphabet.base64URL, 74...74), .text("T3BlbkFJ"), .random(Alphabet.base64URL, 74...74)],
        [.text("sk-"), .random(Alphabet.alphanumeric, 20...20), .text("T3BlbkFJ"), .random(Alphabet.alphanumeric, 20...20)],
        [.text("sk-ant-api03-"), .random(Alphabet.base64URL, 93...93), .text("AA")],
        [.text("AIza"), .random(Alphabet.base64URL, 35...35)],
        [.text("SK"), .random(Alphabet.hexLower, 32...32)],
        [.text("SG."), .random(Alphabet.base64URL, 22...22), .text("."), .random(Alphabet.base64URL, 43...43)],
        [.text("npm_"), .random(Alphabet.alphanumeric, 36...36)],
        [.text("pypi-AgEIcHlwaS5vcmc"), .random(Alphabet.base64URL, 60...160)],
        [.text("hf_"), .random(Alphabet.letters, 34...34)],
        [.text("dop_v1_"), .random(Alphabet.hexLower, 64...64)],
        [.text("shpat_"), .random(Alphabet.hexLower, 32...32)],
        [.text("shpss_"), .random(Alphabet.hexLower, 32...32)],
        [.text("key-"), .random(Alphabet.hexLower, 32...32)],
        [.random(Alphabet.hexLower, 32...32), .text("-us"), .random(Alphabet.nonZeroDigits, 1...2)],
        [.text("sq0atp-"), .random(Alphabet.base64URL, 22...22)],
        [.text("sq0csp-"), .random(Alphabet.base64URL, 43...43)],
        [.text("dapi"), .random(Alphabet.hexLower, 32...32)],
        [.text("lin_api_"), .random(Alphabet.alphanumeric, 40...40)],
        [.text("PMAK-"), .random(Alphabet.hexLower, 24...24), .text("-"), .random(Alphabet.hexLower, 34...34)],
        [.text("NRAK-"), .random(Alphabet.upperAlphanumeric, 27...27)],
        [.text("glsa_"), .random(Alphabet.alphanumeric, 32...32), .text("_"), .random(Alphabet.hexLower, 8...8)],
        [.text("hvs."), .random(Alphabet.base64URL, 90...90)],
        [.text("AGE-SECRET-KEY-1"), .random(Alphabet.bech32Upper, 58...58)],
        [.random(Alphabet.nonZeroDigits, 1...1), .random(Alphabet.digits, 8...9), .text(":AA"), .random(Alphabet.base64URL, 33...33)],
        [.text("sl."), .random(Alphabet.base64URL, 130...140)],
        [.text("wj_live_"), .random(Alphabet.alphanumeric, 43...43)],
    ]

    static func token(_ rng: inout Xoshiro256) -> [UInt8] {
        var out = [UInt8]()
        for part in rng.pick(formats) {
            switch part {
            case .text(let s): out += Array(s.utf8)
            case .random(let alphabet, let length):
                out += Alphabet.random(rng.int(in: length), alphabet, &rng)
            }
        }
        return out
    }

    /// An Azure storage account key: 64 random bytes, base64 (86 characters and `==`).
    static func azureAccountKey(_ rng: inout Xoshiro256) -> [UInt8] {
        Base64.encode((0..<64).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
    }
}
