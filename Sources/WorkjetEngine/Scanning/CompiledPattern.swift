import CHyperscan

/// One detector pattern, compiled for both engines, with what confirmation needs to know about it.
///
/// A class so that taking one out of the table for a candidate costs one retain, not one per field.
final class CompiledPattern: Sendable {
    let detectorIndex: Int
    /// The detector itself, held here so that evaluating a candidate reads it without copying it out of an array.
    let detector: any Detector
    let patternIndex: Int
    let regex: PCRE2Regex
    /// Hyperscan's minimum and maximum match width; `nil` maximum means unbounded.
    let minWidth: Int
    let maxWidth: Int?
    /// How far before a candidate end a match may start: the candidate expression's maximum width
    /// (a candidate match starts where the regex match starts), else ``maxWidth``; `nil` means unbounded.
    let reach: Int?
    let requiresContext: Bool
    let confidence: Double
    /// Whether Hyperscan only approximates the pattern (lookaround, backreferences).
    let prefilter: Bool
    /// The Hyperscan flags the pattern was compiled with.
    let hsFlags: UInt32
    /// The expression Hyperscan runs: the pattern's candidate expression, or its regex.
    let hyperscanSource: String
    /// Whether Hyperscan runs a candidate expression rather than the regex.
    let hasCandidateExpression: Bool
    /// Set for a digit pattern, whose candidates come from the digit-run scanner instead of Hyperscan.
    let digitShape: DigitShape?
    /// `digitShape != nil`, read without copying the shape.
    let isDigitPattern: Bool
    // Detector facts cached here so that confirming a candidate does not go through existential getters.
    let entityType: EntityType
    let detectorID: String
    /// Lower-case context keywords as bytes, the window before a value they are looked for in, and the boost.
    let keywords: NeedleSet?
    let contextWindow: Int
    let contextBoost: Double
    /// Set when the expression Hyperscan runs opens with a bounded run of one class before a fixed-width
    /// tail (see ``LeadingRun``): a single-end cluster is then confirmed from the run's start.
    let leadingRun: LeadingRun?
    /// Whether the detector decides without the keyword flag and the pattern does not require a keyword:
    /// the keyword window is then searched only before values the detector accepted.
    let keywordsAfterEvaluation: Bool
    /// For a ``PatternDetector``: its rules, judged without the existential (``PatternRules``).
    let rules: PatternRules?
    /// How far before a candidate end every match that the end stands for starts, at least: the minimum
    /// width of what Hyperscan runs, when it runs it exactly (a match of the regex starts where a candidate
    /// match starts, and that candidate match ends at a reported end); 0 for digit patterns, whose ends
    /// the digit-run scanner places, and for prefilters. A cluster is confirmed for matches starting at or
    /// before its last end minus this (``Confirmer/confirm(_:startLimit:subject:base:state:into:)``).
    let startMargin: Int

    init(
        detectorIndex: Int, detector: any Detector, patternIndex: Int, regex: PCRE2Regex, minWidth: Int, maxWidth: Int?, reach: Int?, requiresContext: Bool,
        confidence: Double, prefilter: Bool, hsFlags: UInt32, hyperscanSource: String, hasCandidateExpression: Bool, digitShape: DigitShape?, entityType: EntityType,
        detectorID: String, keywords: NeedleSet?, contextWindow: Int, contextBoost: Double
    ) {
        self.detectorIndex = detectorIndex
        self.detector = detector
        self.patternIndex = patternIndex
        self.regex = regex
        self.minWidth = minWidth
        self.maxWidth = maxWidth
        self.reach = reach
        self.requiresContext = requiresContext
        self.confidence = confidence
        self.prefilter = prefilter
        self.hsFlags = hsFlags
        self.hyperscanSource = hyperscanSource
        self.hasCandidateExpression = hasCandidateExpression
        self.digitShape = digitShape
        isDigitPattern = digitShape != nil
        self.entityType = entityType
        self.detectorID = detectorID
        self.keywords = keywords
        self.contextWindow = contextWindow
        self.contextBoost = contextBoost
        keywordsAfterEvaluation = !requiresContext && !detector.readsContextKeyword
        rules = (detector as? PatternDetector).map { PatternRules($0) }
        startMargin = prefilter || digitShape != nil ? 0 : minWidth
        leadingRun = prefilter || digitShape != nil ? nil : LeadingRun(candidate: hyperscanSource, caseInsensitive: hsFlags & UInt32(HS_FLAG_CASELESS) != 0)
    }
}

/// The detectors of an engine flattened into pattern slots; Hyperscan ids are indexes into `patterns`.
struct PatternTable: Sendable {
    let detectors: [any Detector]
    let patterns: [CompiledPattern]
    let maxCaptureCount: Int
    /// Largest context window of any detector.
    let maxContextWindow: Int
    /// The digit patterns, whose candidates come from the digit-run scanner.
    let digits: DigitRunScanner

    init(detectors: [any Detector], patterns: [CompiledPattern], maxCaptureCount: Int, maxContextWindow: Int) {
        self.detectors = detectors
        self.patterns = patterns
        self.maxCaptureCount = maxCaptureCount
        self.maxContextWindow = maxContextWindow
        digits = DigitRunScanner(table: patterns)
    }
}
