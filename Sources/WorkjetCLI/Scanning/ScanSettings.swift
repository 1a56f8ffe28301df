import WorkjetDocuments
import WorkjetEngine

/// Everything `workjet scan` and `workjet redact` were asked to do, independent of argument parsing.
public struct ScanSettings: Sendable {
    /// Files, directories or `-`.
    public var paths: [String]
    /// How directories are expanded.
    public var walker = FileWalker()
    /// Whether files with NUL bytes are scanned.
    public var scanBinary = false
    /// Worker threads.
    public var jobs = WorkerPool.defaultJobs
    /// Extra pattern-pack directories.
    public var patternDirectories: [String] = []
    /// A policy file.
    public var policyPath: String?
    /// Findings below this confidence are dropped.
    public var minimumConfidence = 0.0
    /// Entity types or detector ids to report (empty: all).
    public var types: [String] = []
    /// Output format.
    public var format = OutputFormat.text
    /// Whether values are printed unmasked.
    public var showSecrets = false
    /// No progress bar.
    public var quiet = false
    /// Findings with at least this action make the exit code 1 (`nil`: never).
    public var failOn: Action? = .warn
    /// Baseline of fingerprints to ignore.
    public var baselinePath: String?
    /// Where to write a baseline of this run's findings.
    public var writeBaselinePath: String?
    /// The fingerprint key (else the environment, else the documented default).
    public var baselineKey: String?
    /// Whether text output is coloured.
    public var colour = false
    /// Archive limits.
    public var limits = ExtractionLimits()

    /// Settings for `paths`, every other field at its default.
    public init(paths: [String]) {
        self.paths = paths
    }
}
