import WorkjetEngine

/// Plausible custom rules of the kind customers add (internal ids, ticket numbers, project tokens,
/// keyword assignments), each anchored on a literal so that Hyperscan can prefilter it.
/// Deterministic: detector `i` is the same in every run.
public enum CustomPatterns {
    static let words = [
        "EMP", "INV", "PO", "CASE", "TICKET", "ACCT", "CUST", "ORD", "CLAIM", "POLICY", "PATIENT", "MRN",
        "LOAN", "VENDOR", "PROJ", "BADGE", "ASSET", "CONTRACT", "REQ", "SHIP", "TAXREF", "PAYROLL", "MEMBER", "DEAL",
    ]
    static let teams = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "cyberdyne", "soylent"]
    static let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")

    /// The regex of custom pattern `index`.
    public static func regex(_ index: Int) -> String {
        let word = words[index % words.count]
        let team = teams[(index / words.count) % teams.count]
        // Two letters from the index keep literals distinct between patterns that share a shape.
        let tag = String([letters[(index / 7) % letters.count], letters[(index / 173) % letters.count]])
        switch index % 8 {
        case 0: return #"\b"# + word + "-" + tag + #"[0-9]{6}\b"#
        case 1: return #"\b"# + word + tag + #"[-_ ]?(?:NO|NUM|#)[:.]?\s?[0-9]{5,10}\b"#
        case 2: return "(?i)" + team + "_" + word.lowercased() + #"_(?:key|token|secret)\s*[:=]\s*["']?[A-Za-z0-9_\-]{16,48}"#
        case 3: return #"\b"# + team.uppercased() + "-" + tag + #"-[0-9]{4}-[0-9]{4}\b"#
        case 4: return #"\b"# + tag + word + #"[0-9]{2}[A-Z]{2}[0-9]{4,6}\b"#
        case 5: return team + "_" + tag.lowercased() + #"_(?:live|test)_[A-Za-z0-9]{24,32}\b"#
        case 6: return #"(?<![A-Za-z0-9])"# + word + "/" + tag + #"/[0-9]{4}/[0-9]{3,6}(?![0-9])"#
        default: return #"https://"# + team + #"\.internal/"# + word.lowercased() + tag.lowercased() + #"/[A-Za-z0-9]{8,20}"#
        }
    }

    /// `count` detectors with one pattern each; ids `custom_0000`, `custom_0001`, …
    public static func detectors(count: Int) -> [PatternDetector] {
        (0..<count).map { index in
            let id = "custom_" + String(repeating: "0", count: max(0, 4 - String(index).count)) + String(index)
            return PatternDetector(
                id: id, entityType: EntityType("CUSTOM_\(words[index % words.count])"),
                patterns: [DetectorPattern(regex(index))], baseConfidence: 0.8)
        }
    }
}
