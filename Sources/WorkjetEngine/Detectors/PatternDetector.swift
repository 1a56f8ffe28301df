/// A detector described by data: patterns, an optional validator and filters.
///
/// ```swift
/// let employeeID = PatternDetector(
///     id: "employee_id", entityType: "EMPLOYEE_ID",
///     patterns: [DetectorPattern(#"\bEMP-[0-9]{6}\b"#)],
///     baseConfidence: 0.9)
/// ```
public struct PatternDetector: Detector {
    public var id: String
    public var entityType: EntityType
    public var patterns: [DetectorPattern]
    public var baseConfidence: Double
    public var context: ContextRule?
    public var minimumEntropy: Double?
    public var allowlist: Set<String>
    public var examples: [String]
    public var negativeExamples: [String]
    /// Confirms or rejects a value (Luhn, SSN rules, …); `nil` accepts every PCRE2 match.
    public var validator: (any Validator)?

    /// Creates a pattern detector.
    public init(
        id: String, entityType: EntityType, patterns: [DetectorPattern], baseConfidence: Double = 0.8,
        context: ContextRule? = nil, minimumEntropy: Double? = nil, allowlist: Set<String> = [],
        validator: (any Validator)? = nil, examples: [String] = [], negativeExamples: [String] = []
    ) {
        self.id = id
        self.entityType = entityType
        self.patterns = patterns
        self.baseConfidence = baseConfidence
        self.context = context
        self.minimumEntropy = minimumEntropy
        self.allowlist = allowlist
        self.validator = validator
        self.examples = examples
        self.negativeExamples = negativeExamples
    }

    /// Whether the validator reads the context keyword flag (without a validator, nothing does).
    public var readsContextKeyword: Bool { validator?.readsContextKeyword ?? false }

    public func evaluate(value: UnsafeRawBufferPointer, context: DetectionContext) -> Evaluation? {
        guard passesCommonFilters(value) else { return nil }
        return Evaluation(validator?.validate(value, context: context))
    }
}
