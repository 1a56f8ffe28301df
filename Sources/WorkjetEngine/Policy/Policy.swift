/// Maps findings to actions: per detector id, else per entity type, else a default; each with a
/// minimum confidence below which a finding is ignored.
///
/// ```swift
/// var policy = Policy(defaultRule: .init(action: .redact))
/// policy.entityTypes[.usSSN] = .init(action: .block)
/// policy.detectors["generic_secret"] = .init(action: .warn, minimumConfidence: 0.8)
/// let outcome = try engine.evaluate("SSN 536-22-8745", policy: policy)   // outcome.action == .block
/// ```
public struct Policy: Sendable, Hashable, Codable {
    /// An action and the confidence a finding needs for it to apply.
    public struct Rule: Sendable, Hashable, Codable {
        /// The action for findings at or above ``minimumConfidence``.
        public var action: Action
        /// Findings below this confidence are ignored. Default 0.5.
        public var minimumConfidence: Double

        /// Creates a rule.
        public init(action: Action, minimumConfidence: Double = 0.5) {
            self.action = action
            self.minimumConfidence = minimumConfidence
        }
    }

    /// The rule for findings no other rule names. Default: redact at confidence 0.5.
    public var defaultRule: Rule
    /// Rules by entity type.
    public var entityTypes: [EntityType: Rule]
    /// Rules by detector id; they take precedence over entity-type rules.
    public var detectors: [String: Rule]
    /// How redacted values are replaced.
    public var redaction: RedactionStyle

    /// Creates a policy.
    public init(
        defaultRule: Rule = Rule(action: .redact), entityTypes: [EntityType: Rule] = [:], detectors: [String: Rule] = [:],
        redaction: RedactionStyle = .label
    ) {
        self.defaultRule = defaultRule
        self.entityTypes = entityTypes
        self.detectors = detectors
        self.redaction = redaction
    }

    /// The rule that applies to a finding.
    public func rule(for finding: Finding) -> Rule {
        detectors[finding.detectorID] ?? entityTypes[finding.entityType] ?? defaultRule
    }

    /// Checks thresholds and that every detector id the policy names exists in `registry`.
    public func validate(against registry: DetectorRegistry) throws(EngineError) {
        for (id, rule) in detectors {
            guard registry.contains(id: id) else {
                throw EngineError(.unknownDetector, "policy names detector '\(id)', which is not registered")
            }
            try Self.check(rule, "detector '\(id)'")
        }
        for (type, rule) in entityTypes { try Self.check(rule, "entity type \(type)") }
        try Self.check(defaultRule, "the default rule")
        if case .pseudonym(let key) = redaction, key.count < 16 {
            throw EngineError(.invalidPolicy, "the pseudonym redaction key must be at least 16 bytes")
        }
    }

    private static func check(_ rule: Rule, _ what: String) throws(EngineError) {
        guard (0...1).contains(rule.minimumConfidence) else {
            throw EngineError(.invalidPolicy, "\(what): minimum confidence \(rule.minimumConfidence) is outside 0...1")
        }
    }
}

/// A finding with the action the policy gave it.
public struct PolicyFinding: Sendable, Hashable, Codable {
    /// The finding.
    public var finding: Finding
    /// The action for it.
    public var action: Action

    /// Creates a policy finding.
    public init(finding: Finding, action: Action) {
        self.finding = finding
        self.action = action
    }
}

/// The result of scanning under a policy: the strongest action and the findings that count.
public struct ScanOutcome: Sendable, Hashable, Codable {
    /// The strongest action among the findings (`allow` when there are none).
    public var action: Action
    /// Findings at or above their rule's minimum confidence, sorted by offset.
    public var findings: [PolicyFinding]

    /// Applies `policy` to findings.
    public init(findings: [Finding], policy: Policy) {
        var kept: [PolicyFinding] = []
        kept.reserveCapacity(findings.count)
        var strongest = Action.allow
        for finding in findings {
            let rule = policy.rule(for: finding)
            guard finding.confidence >= rule.minimumConfidence else { continue }
            kept.append(PolicyFinding(finding: finding, action: rule.action))
            strongest = max(strongest, rule.action)
        }
        self.action = strongest
        self.findings = kept
    }

    /// Counts of findings per entity type.
    public var countsByType: [EntityType: Int] {
        findings.reduce(into: [:]) { $0[$1.finding.entityType, default: 0] += 1 }
    }

    /// The findings whose action is `redact` or `block`, with their actions.
    public var redacting: [PolicyFinding] {
        findings.filter { $0.action >= .redact }
    }

    /// The findings whose action is `redact` or `block` (what a redacted copy must not contain).
    public var redactable: [Finding] {
        redacting.map(\.finding)
    }
}

extension Engine {
    /// Scans and applies a policy.
    public func evaluate(_ bytes: UnsafeRawBufferPointer, policy: Policy) throws(EngineError) -> ScanOutcome {
        ScanOutcome(findings: try scan(bytes), policy: policy)
    }

    /// Scans a string and applies a policy.
    public func evaluate(_ text: String, policy: Policy) throws(EngineError) -> ScanOutcome {
        ScanOutcome(findings: try scan(text), policy: policy)
    }
}
