/// Totals of a run, printed on stderr and included in JSON output.
public struct ScanSummary: Sendable, Hashable, Codable {
    /// Files read.
    public var filesScanned = 0
    /// Files found but not read.
    public var filesSkipped = 0
    /// Skips by reason (`binary`, `special`, `symlink`, `too_large`, `archive`).
    public var skippedByReason: [String: Int] = [:]
    /// Files (or archive members) that failed.
    public var filesFailed = 0
    /// What failed and why.
    public var failures: [FileFailure] = []
    /// Notices that did not stop a scan (unsafe archive member names).
    public var warnings: [FileFailure] = []
    /// Bytes scanned.
    public var bytes = 0
    /// Findings reported.
    public var findings = 0
    /// Findings reported, per entity type.
    public var findingsByType: [String: Int] = [:]
    /// Findings dropped by inline `workjet:allow` markers.
    public var suppressedInline = 0
    /// Findings dropped by the baseline.
    public var suppressedBaseline = 0
    /// Wall-clock seconds spent scanning (after the engine was built).
    public var seconds = 0.0
    /// Seconds spent loading packs and compiling the engine.
    public var setupSeconds = 0.0
    /// Worker threads used.
    public var jobs = 1

    /// An empty summary.
    public init() {}

    /// Scanned megabytes (10^6 bytes) per second.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1e6 / seconds : 0 }

    /// Adds one file's result.
    public mutating func add(_ result: FileResult) {
        if let reason = result.skipped {
            addSkip(reason)
        } else if result.scanned {
            filesScanned += 1
        }
        if !result.failures.isEmpty {
            filesFailed += result.failures.count
            failures += result.failures
        }
        warnings += result.warnings
        bytes += result.bytes
        for (type, count) in result.countsByType {
            findings += count
            findingsByType[type, default: 0] += count
        }
        suppressedInline += result.suppressedInline
        suppressedBaseline += result.suppressedBaseline
    }

    /// Counts one skipped input.
    public mutating func addSkip(_ reason: SkipReason) {
        filesSkipped += 1
        skippedByReason[reason.rawValue, default: 0] += 1
    }

    /// Counts a failure found while walking the arguments.
    public mutating func addFailure(_ failure: FileFailure) {
        filesFailed += 1
        failures.append(failure)
    }

    /// Puts failures in path order (workers finish in any order).
    public mutating func sort() {
        failures.sort { $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8) }
        warnings.sort { $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8) }
    }

    enum CodingKeys: String, CodingKey {
        case filesScanned = "files_scanned", filesSkipped = "files_skipped", skippedByReason = "skipped_by_reason"
        case filesFailed = "files_failed", failures, warnings, bytes, findings, findingsByType = "findings_by_type"
        case suppressedInline = "suppressed_inline", suppressedBaseline = "suppressed_baseline", seconds, setupSeconds = "setup_seconds", jobs
    }
}
