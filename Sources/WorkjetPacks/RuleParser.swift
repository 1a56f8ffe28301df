import WorkjetEngine
import Yams

/// Turns one `rules:` item into a ``PatternDetector``, checking every field's shape and range.
///
/// Regexes are only checked for presence here; whether they compile is decided by the engine when
/// ``PatternPack`` builds a throwaway ``Engine`` from the whole pack.
struct RuleParser {
    /// A parsed rule and where its parts are, for later error messages.
    struct Rule {
        var detector: PatternDetector
        var line: Int?
        /// The line of each pattern, in order.
        var patternLines: [Int?]
    }

    static let ruleKeys = [
        "id", "type", "description", "pattern", "patterns", "secret_group", "case_insensitive", "confidence",
        "requires_context", "context", "min_entropy", "allowlist", "validator", "examples", "negative_examples",
    ]
    static let patternKeys = ["regex", "secret_group", "case_insensitive", "confidence", "requires_context"]
    static let contextKeys = ["keywords", "window", "boost"]

    let source: String

    func parse(_ node: Node, index: Int) throws(PackError) -> Rule {
        guard case .mapping(let mapping) = node else {
            throw PackError(.invalidField, "rule \(index + 1) must be a mapping with id, type and pattern", source: source, line: node.mark?.line)
        }
        var fields = YAMLFields(mapping, source: source)
        let id = try fields.requiredString("id", in: "rule \(index + 1)")
        fields.ruleID = id
        guard Self.isLowerSnakeCase(id) else {
            throw fields.error(.invalidField, "id '\(id)' must be lower snake case ([a-z0-9_], starting with a letter)", at: fields.node("id"))
        }
        try fields.rejectUnknownKeys(Self.ruleKeys, in: "rule '\(id)'")
        let type = try fields.requiredString("type", in: "rule '\(id)'")
        guard Self.isUpperSnakeCase(type) else {
            throw fields.error(.invalidField, "type '\(type)' must be upper snake case ([A-Z0-9_], starting with a letter)", at: fields.node("type"))
        }
        _ = try fields.string("description")

        let defaults = PatternDefaults(
            secretGroup: try secretGroup(fields),
            caseInsensitive: try fields.bool("case_insensitive") ?? false,
            requiresContext: try fields.bool("requires_context") ?? false)
        let (patterns, patternLines) = try parsePatterns(fields, defaults: defaults)

        let context = try parseContext(fields)
        if patterns.contains(where: \.requiresContext), context == nil {
            throw fields.error(.missingField, "a pattern requires context but the rule has no 'context' with keywords")
        }
        var validator: (any Validator)?
        if let name = try fields.string("validator") {
            guard let found = ValidatorCatalog.validator(named: name) else {
                throw fields.error(
                    .unknownValidator,
                    "unknown validator '\(name)'; known validators: \(ValidatorCatalog.names.joined(separator: ", "))",
                    at: fields.node("validator"))
            }
            validator = found
        }
        let detector = PatternDetector(
            id: id, entityType: EntityType(type), patterns: patterns,
            baseConfidence: try fields.double("confidence", in: 0...1) ?? 0.8,
            context: context,
            minimumEntropy: try fields.double("min_entropy", in: 0...8),
            allowlist: Set(try fields.stringList("allowlist") ?? []),
            validator: validator,
            examples: try fields.stringList("examples") ?? [],
            negativeExamples: try fields.stringList("negative_examples") ?? [])
        return Rule(detector: detector, line: fields.line(of: "id"), patternLines: patternLines)
    }

    private struct PatternDefaults {
        var secretGroup: SecretGroup?
        var caseInsensitive: Bool
        var requiresContext: Bool
    }

    private func parsePatterns(_ fields: YAMLFields, defaults: PatternDefaults) throws(PackError) -> ([DetectorPattern], [Int?]) {
        let single = fields.node("pattern"), list = fields.node("patterns")
        if single != nil && list != nil {
            throw fields.error(.invalidField, "give either 'pattern' or 'patterns', not both", at: list)
        }
        if single != nil {
            let regex = try fields.requiredString("pattern", in: "rule")
            return ([pattern(regex, defaults)], [fields.line(of: "pattern")])
        }
        guard let list else { throw fields.error(.missingField, "the rule has no 'pattern' or 'patterns'") }
        guard case .sequence(let items) = list, !items.isEmpty else {
            throw fields.error(.invalidField, "'patterns' must be a non-empty list", at: list)
        }
        var patterns: [DetectorPattern] = [], lines: [Int?] = []
        for (index, item) in items.enumerated() {
            lines.append(item.mark?.line)
            switch item {
            case .scalar(let scalar) where !scalar.string.isEmpty:
                patterns.append(pattern(scalar.string, defaults))
            case .mapping(let mapping):
                let itemFields = YAMLFields(mapping, source: source, ruleID: fields.ruleID)
                try itemFields.rejectUnknownKeys(Self.patternKeys, in: "pattern \(index + 1)")
                var item = pattern(try itemFields.requiredString("regex", in: "pattern \(index + 1)"), defaults)
                if let group = try secretGroup(itemFields) { item.secretGroup = group }
                if let flag = try itemFields.bool("case_insensitive") { item.caseInsensitive = flag }
                if let flag = try itemFields.bool("requires_context") { item.requiresContext = flag }
                item.confidence = try itemFields.double("confidence", in: 0...1)
                patterns.append(item)
            default:
                throw fields.error(.invalidField, "pattern \(index + 1) must be a non-empty string or a mapping with 'regex'", at: item)
            }
        }
        return (patterns, lines)
    }

    private func pattern(_ regex: String, _ defaults: PatternDefaults) -> DetectorPattern {
        DetectorPattern(
            regex, secretGroup: defaults.secretGroup, caseInsensitive: defaults.caseInsensitive,
            requiresContext: defaults.requiresContext)
    }

    private func secretGroup(_ fields: YAMLFields) throws(PackError) -> SecretGroup? {
        guard let text = try fields.string("secret_group") else { return nil }
        if let number = Int(text) {
            guard number >= 1 else {
                throw fields.error(.invalidField, "'secret_group' \(number) must be 1 or more (0 is the whole match; omit it instead)", at: fields.node("secret_group"))
            }
            return .number(number)
        }
        guard Self.isGroupName(text) else {
            throw fields.error(.invalidField, "'secret_group' must be a group number or a name like 'secret'", at: fields.node("secret_group"))
        }
        return .name(text)
    }

    private func parseContext(_ fields: YAMLFields) throws(PackError) -> ContextRule? {
        guard let context = try fields.fields("context") else { return nil }
        try context.rejectUnknownKeys(Self.contextKeys, in: "context")
        guard let keywords = try context.stringList("keywords"), !keywords.isEmpty else {
            throw context.error(.missingField, "'context' needs a non-empty 'keywords' list")
        }
        if let blank = keywords.firstIndex(where: { $0.allSatisfy(\.isWhitespace) }) {
            throw context.error(.invalidField, "context keyword \(blank + 1) is empty", at: context.node("keywords"))
        }
        return ContextRule(
            keywords: keywords,
            window: try context.int("window", in: 1...4096) ?? 64,
            boost: try context.double("boost", in: 0...1) ?? 0.25)
    }

    static func isLowerSnakeCase(_ text: String) -> Bool {
        guard let first = text.utf8.first, first >= 97, first <= 122 else { return false }
        return text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// A PCRE group name: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isGroupName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == 95 || (first | 0x20) &- 97 < 26 else { return false }
        return text.utf8.allSatisfy { $0 == 95 || ($0 | 0x20) &- 97 < 26 || $0 &- 48 < 10 }
    }

    static func isUpperSnakeCase(_ text: String) -> Bool {
        guard let first = text.utf8.first, first >= 65, first <= 90 else { return false }
        return text.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}
