/// One detector pattern, compiled for both engines, with what confirmation needs to know about it.
struct CompiledPattern: Sendable {
    let detectorIndex: Int
    let patternIndex: Int
    let regex: PCRE2Regex
    /// Hyperscan's minimum and maximum match width; `nil` maximum means unbounded.
    let minWidth: Int
    let maxWidth: Int?
    let requiresContext: Bool
    let confidence: Double
    /// Whether Hyperscan only approximates the pattern (lookaround, backreferences).
    let prefilter: Bool
    /// The Hyperscan flags the pattern was compiled with.
    let hsFlags: UInt32
    /// The expression Hyperscan runs: the pattern's candidate expression, or its regex.
    let hyperscanSource: String
    // Detector facts cached here so that confirming a candidate does not go through existential getters.
    let entityType: EntityType
    let detectorID: String
    /// Lower-case context keywords as bytes, the window before a value they are looked for in, and the boost.
    let keywords: [[UInt8]]
    let contextWindow: Int
    let contextBoost: Double
}

/// The detectors of an engine flattened into pattern slots; Hyperscan ids are indexes into `patterns`.
struct PatternTable: Sendable {
    let detectors: [any Detector]
    let patterns: [CompiledPattern]
    let maxCaptureCount: Int
    /// Largest context window of any detector.
    let maxContextWindow: Int
}
