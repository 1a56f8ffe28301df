/// A detector plugin: what to look for, how to confirm it and how much to trust it.
///
/// The engine compiles every detector's ``patterns`` into one Hyperscan database, confirms each
/// candidate with PCRE2, then asks the detector to ``evaluate(value:context:)`` the confirmed value.
/// Built-in detectors are registered through the same ``DetectorRegistry`` API as custom ones.
///
/// Most detectors are ``PatternDetector`` values; conform your own type to add logic a pattern
/// and a ``Validator`` cannot express.
public protocol Detector: Sendable {
    /// A unique id, lower snake case, for example `credit_card` or `github_pat`.
    var id: String { get }
    /// The entity type this detector reports.
    var entityType: EntityType { get }
    /// One or more PCRE patterns; any of them may produce a candidate.
    var patterns: [DetectorPattern] { get }
    /// Confidence of a confirmed match without context, in `0...1`.
    var baseConfidence: Double { get }
    /// Keywords that raise confidence (or are required) when they occur shortly before the match.
    var context: ContextRule? { get }
    /// Minimum Shannon entropy (bits per byte) of the value; lower values are rejected.
    var minimumEntropy: Double? { get }
    /// Exact values that are never reported (documented example keys, test numbers).
    var allowlist: Set<String> { get }
    /// Inputs that must produce a finding of this detector (checked by the test suite).
    var examples: [String] { get }
    /// Inputs that must not produce a finding of this detector.
    var negativeExamples: [String] { get }

    /// Decides on a PCRE2-confirmed value: rejected (`nil`) or accepted with a validation flag.
    ///
    /// The default implementation applies ``minimumEntropy`` and ``allowlist``; ``PatternDetector`` also runs its validator.
    func evaluate(value: UnsafeRawBufferPointer, context: DetectionContext) -> Evaluation?

    /// Whether ``evaluate(value:context:)`` reads ``DetectionContext/hasContextKeyword``. When it does
    /// not, and no pattern of it requires context, the engine evaluates first and looks for context
    /// keywords only before values it accepted. Defaults to `true`.
    var readsContextKeyword: Bool { get }
}

/// One pattern of a detector.
public struct DetectorPattern: Hashable, Sendable {
    /// The regular expression, in PCRE syntax.
    public var regex: String
    /// The capture group (number or name) that holds the sensitive part; `nil` reports the whole match.
    public var secretGroup: SecretGroup?
    /// Case-insensitive matching.
    public var caseInsensitive: Bool
    /// A pattern-specific confidence replacing the detector's base confidence.
    public var confidence: Double?
    /// Whether a context keyword must be present for this pattern's matches to count.
    public var requiresContext: Bool
    /// An optional cheaper expression that Hyperscan runs to find candidates in place of ``regex``
    /// (PCRE2 still confirms every candidate with ``regex``).
    ///
    /// Contract: wherever ``regex`` matches, this expression has a match that starts where that match
    /// starts and ends inside it (after its first byte, at or before its end). PCRE2 then looks for
    /// match starts only as far back from a candidate end as this expression is wide. Typical uses: `\b` in place of a lookaround that
    /// Hyperscan cannot run exactly, which keeps the pattern exact in Hyperscan and its database fast;
    /// and a prefix of the regex that stops before a long repeat (`token=[A-Za-z0-9]{8}` for
    /// `token=[A-Za-z0-9]{8,128}`), which spares Hyperscan the repeat and a candidate end per byte of it.
    /// The differential tests (engine versus a whole-input PCRE2 scan) check the contract for the built-ins.
    public var candidateRegex: String?
    /// For a pattern made of digits: the shape of the digit runs it can match in. The engine then finds
    /// its candidates with its digit-run scanner instead of Hyperscan (see ``DigitShape``).
    public var digitShape: DigitShape?

    /// Creates a pattern.
    public init(
        _ regex: String, secretGroup: SecretGroup? = nil, caseInsensitive: Bool = false, confidence: Double? = nil,
        requiresContext: Bool = false, candidateRegex: String? = nil, digitShape: DigitShape? = nil
    ) {
        self.regex = regex
        self.secretGroup = secretGroup
        self.caseInsensitive = caseInsensitive
        self.confidence = confidence
        self.requiresContext = requiresContext
        self.candidateRegex = candidateRegex
        self.digitShape = digitShape
    }
}

/// A capture group, by number or by name.
public enum SecretGroup: Hashable, Sendable {
    /// A numbered group (1 is the first).
    case number(Int)
    /// A named group, `(?<secret>…)`.
    case name(String)
}

/// Keywords that make a match more likely to be what the detector claims.
public struct ContextRule: Hashable, Sendable {
    /// Lower-case keywords, matched case-insensitively in the window before the value.
    public var keywords: [String]
    /// How many bytes before the value to look in.
    public var window: Int
    /// How much confidence a keyword adds (the result is capped at 1).
    public var boost: Double

    /// Creates a context rule.
    public init(keywords: [String], window: Int = 64, boost: Double = 0.25) {
        self.keywords = keywords.map { $0.lowercased() }
        self.window = window
        self.boost = boost
    }
}

/// What a detector sees about a confirmed value beyond its bytes.
public struct DetectionContext: Sendable {
    /// Whether a context keyword occurred in the window before the value.
    public var hasContextKeyword: Bool
    /// The index of the pattern (in ``Detector/patterns``) that matched.
    public var patternIndex: Int

    /// Creates a context.
    public init(hasContextKeyword: Bool, patternIndex: Int) {
        self.hasContextKeyword = hasContextKeyword
        self.patternIndex = patternIndex
    }
}

/// A detector's acceptance of a value.
public struct Evaluation: Hashable, Sendable {
    /// Whether a validator confirmed the value.
    public var validated: Bool
    /// A confidence replacing the computed one, if the detector knows better.
    public var confidence: Double?

    /// Creates an evaluation.
    public init(validated: Bool, confidence: Double? = nil) {
        self.validated = validated
        self.confidence = confidence
    }

    /// A validator's verdict as an evaluation: `nil` for `.invalid`, validated for `.valid`, not validated
    /// for `.plausible` (and for no validator, `nil` in).
    @inline(__always)
    init?(_ verdict: ValidationResult?) {
        switch verdict {
        case nil, .plausible?: self.init(validated: false)
        case .invalid?: return nil
        case .valid?: self.init(validated: true)
        }
    }
}

extension Detector {
    public var context: ContextRule? { nil }
    public var minimumEntropy: Double? { nil }
    public var allowlist: Set<String> { [] }
    public var examples: [String] { [] }
    public var negativeExamples: [String] { [] }
    public var readsContextKeyword: Bool { true }

    public func evaluate(value: UnsafeRawBufferPointer, context: DetectionContext) -> Evaluation? {
        passesCommonFilters(value) ? Evaluation(validated: false) : nil
    }

    /// Applies ``minimumEntropy`` and ``allowlist``.
    public func passesCommonFilters(_ value: UnsafeRawBufferPointer) -> Bool {
        if let floor = minimumEntropy, Entropy.isBelow(floor, value) { return false }
        if !allowlist.isEmpty, allowlist.contains(String(decoding: value, as: UTF8.self)) { return false }
        return true
    }
}
