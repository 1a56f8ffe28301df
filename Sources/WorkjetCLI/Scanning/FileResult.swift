import WorkjetEngine

/// What scanning one input produced.
public struct FileResult: Sendable {
    /// The input.
    public var target: ScanTarget
    /// Findings, in offset order per member (empty when the scanner streams them without keeping them).
    public var findings: [ReportedFinding] = []
    /// Findings reported, per entity type (kept or not).
    public var countsByType: [String: Int] = [:]
    /// The strongest action among the findings (`nil` when there are none).
    public var strongestAction: Action?
    /// Bytes scanned (decompressed or extracted bytes for archives).
    public var bytes = 0
    /// Set when the input was not scanned.
    public var skipped: SkipReason?
    /// Errors: the whole file (unreadable, vanished, broken archive) or single members (zip bomb, corrupt member).
    public var failures: [FileFailure] = []
    /// Notices that did not stop the scan (unsafe member names, binary members skipped).
    public var warnings: [FileFailure] = []
    /// Findings dropped by an inline `workjet:allow`.
    public var suppressedInline = 0
    /// Findings dropped by the baseline.
    public var suppressedBaseline = 0
    /// Whether the input was read at all (false when it failed before the first byte or was skipped).
    public var scanned = false

    /// Creates an empty result.
    public init(target: ScanTarget) {
        self.target = target
    }
}
