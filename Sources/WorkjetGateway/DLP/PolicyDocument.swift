import WorkjetEngine

/// A workspace's DLP policy as clients write it (YAML in the configuration, JSON in the admin API).
///
/// ```json
/// {"disabled_detectors": ["phone"],
///  "input": {"default_action": "redact", "entity_types": {"US_SSN": {"action": "block"}}},
///  "output": {"default_action": "redact"},
///  "custom_rules": [{"id": "employee_id", "entity_type": "EMPLOYEE_ID", "pattern": "\\bEMP-[0-9]{6}\\b"}]}
/// ```
/// Every key is optional; missing keys take the defaults shown on each property.
public struct PolicyDocument: Sendable, Hashable, Codable {
    /// Built-in detector ids switched off (see `DetectorRegistry.builtins().ids`). Default none.
    public var disabledDetectors: [String] = []
    /// Rules for what clients send. Default: redact everything found.
    public var input = RuleSet()
    /// Rules for what providers answer (non-streaming responses). Default: redact everything found.
    public var output = RuleSet()
    /// Extra regex detectors; each is compiled when the policy is submitted.
    public var customRules: [CustomRule] = []
    /// How redacted values are replaced: `label` (`[CREDIT_CARD]`, default) or `mask` (keeps the last 4).
    public var redaction: String = "label"

    /// The empty policy: redact everything.
    public init() {}

    /// The policy of the demo configuration and of workspaces without their own: block SSNs and cloud or API
    /// secrets, redact everything else, in both directions.
    public static let standard: PolicyDocument = {
        var document = PolicyDocument()
        let block = TypeRule(action: .block)
        document.input.entityTypes = ["US_SSN": block, "AWS_SECRET_ACCESS_KEY": block, "API_SECRET": block]
        return document
    }()

    /// Checks thresholds, names and redaction style (regexes are checked by compiling: see ``EngineCache``).
    public func validate() throws(GatewayError) {
        for set in [input, output] {
            for (type, rule) in set.entityTypes {
                guard !type.isEmpty else { throw GatewayError(.invalidPolicy, "entity type names must not be empty") }
                if let confidence = rule.minimumConfidence, !(0...1).contains(confidence) {
                    throw GatewayError(.invalidPolicy, "\(type): minimum_confidence must be within 0...1")
                }
            }
            guard (0...1).contains(set.minimumConfidence) else {
                throw GatewayError(.invalidPolicy, "minimum_confidence must be within 0...1")
            }
        }
        guard ["label", "mask"].contains(redaction) else {
            throw GatewayError(.invalidPolicy, "redaction must be 'label' or 'mask'")
        }
        let builtins = Set(DetectorRegistry.builtins().ids)
        for id in disabledDetectors where !builtins.contains(id) {
            throw GatewayError(.invalidPolicy, "disabled_detectors names '\(id)', which is not a built-in detector")
        }
    }

    /// The engine policy for one direction.
    func enginePolicy(_ set: RuleSet) -> Policy {
        var policy = Policy(
            defaultRule: .init(action: set.defaultAction, minimumConfidence: set.minimumConfidence),
            redaction: redaction == "mask" ? .maskLast4 : .label)
        for (type, rule) in set.entityTypes {
            policy.entityTypes[EntityType(type)] = .init(
                action: rule.action, minimumConfidence: rule.minimumConfidence ?? set.minimumConfidence)
        }
        return policy
    }

    /// What the engine is built from; policies differing only in actions share an engine.
    var detectorSet: DetectorSet { DetectorSet(disabled: disabledDetectors.sorted(), custom: customRules) }

    enum CodingKeys: String, CodingKey {
        case input, output, redaction
        case disabledDetectors = "disabled_detectors"
        case customRules = "custom_rules"
    }

    /// Decodes, taking defaults for missing keys.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        disabledDetectors = try c.decodeIfPresent([String].self, forKey: .disabledDetectors) ?? []
        input = try c.decodeIfPresent(RuleSet.self, forKey: .input) ?? RuleSet()
        output = try c.decodeIfPresent(RuleSet.self, forKey: .output) ?? RuleSet()
        customRules = try c.decodeIfPresent([CustomRule].self, forKey: .customRules) ?? []
        redaction = try c.decodeIfPresent(String.self, forKey: .redaction) ?? "label"
    }
}

/// Actions for one direction (input or output).
public struct RuleSet: Sendable, Hashable, Codable {
    /// Action for entity types without their own rule. Default `redact`.
    public var defaultAction: Action = .redact
    /// Confidence below which findings are ignored. Default 0.5.
    public var minimumConfidence: Double = 0.5
    /// Per entity type (`CREDIT_CARD`, `US_SSN`, a custom rule's type …).
    public var entityTypes: [String: TypeRule] = [:]

    /// Defaults.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case defaultAction = "default_action"
        case minimumConfidence = "minimum_confidence"
        case entityTypes = "entity_types"
    }

    /// Decodes, taking defaults for missing keys.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        defaultAction = try c.decodeIfPresent(Action.self, forKey: .defaultAction) ?? .redact
        minimumConfidence = try c.decodeIfPresent(Double.self, forKey: .minimumConfidence) ?? 0.5
        entityTypes = try c.decodeIfPresent([String: TypeRule].self, forKey: .entityTypes) ?? [:]
    }
}

/// The action (and optional threshold) for one entity type.
public struct TypeRule: Sendable, Hashable, Codable {
    /// The action.
    public var action: Action
    /// Threshold; default: the rule set's.
    public var minimumConfidence: Double?

    /// Creates a rule.
    public init(action: Action, minimumConfidence: Double? = nil) {
        self.action = action
        self.minimumConfidence = minimumConfidence
    }

    enum CodingKeys: String, CodingKey {
        case action
        case minimumConfidence = "minimum_confidence"
    }
}

/// A workspace's own regex detector.
public struct CustomRule: Sendable, Hashable, Codable {
    /// Detector id, lower snake case, unique.
    public var id: String
    /// The entity type findings report, for example `EMPLOYEE_ID`.
    public var entityType: String
    /// PCRE2/Hyperscan regex.
    public var pattern: String
    /// Confidence of a match. Default 0.9.
    public var confidence: Double?

    /// Creates a rule.
    public init(id: String, entityType: String, pattern: String, confidence: Double? = nil) {
        self.id = id
        self.entityType = entityType
        self.pattern = pattern
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case id, pattern, confidence
        case entityType = "entity_type"
    }
}

/// The inputs an engine is compiled from.
struct DetectorSet: Hashable, Sendable {
    var disabled: [String]
    var custom: [CustomRule]
}
