import WorkjetEngine

/// A pack rule's example that did not behave as declared (see ``PatternPack/checkExamples(base:)``).
public struct ExampleFailure: Sendable, Hashable, CustomStringConvertible {
    /// How the example failed.
    public enum Kind: String, Sendable, Hashable {
        /// An `examples:` entry produced no finding of the rule.
        case missed
        /// A `negative_examples:` entry produced a finding of the rule.
        case unexpected
        /// The rule lists no `examples:` at all, so nothing shows that it works.
        case noExamples = "no_examples"
    }

    /// The pack file.
    public var source: String
    /// The rule whose example failed.
    public var ruleID: String
    /// How it failed.
    public var kind: Kind
    /// The example text (empty for ``Kind/noExamples``).
    public var example: String
    /// For a missed example, what was found instead (`detector_id:value`), which often explains the miss:
    /// a built-in detector with higher confidence won the overlap.
    public var foundInstead: [String]

    /// Creates a failure.
    public init(source: String, ruleID: String, kind: Kind, example: String, foundInstead: [String] = []) {
        self.source = source
        self.ruleID = ruleID
        self.kind = kind
        self.example = example
        self.foundInstead = foundInstead
    }

    /// One line for a terminal: `source: rule 'id': example not found: "…" (found instead: …)`.
    public var description: String {
        let prefix = "\(source): rule '\(ruleID)': "
        switch kind {
        case .missed:
            let instead = foundInstead.isEmpty ? "" : " (found instead: \(foundInstead.joined(separator: ", ")))"
            return prefix + "example not found: \(Self.quote(example))" + instead
        case .unexpected:
            return prefix + "negative example was found: \(Self.quote(example))"
        case .noExamples:
            return prefix + "has no examples; add some under 'examples:'"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
