import Foundation

/// The human-readable summary printed on stderr after a run.
enum SummaryText {
    static func render(_ s: ScanSummary, skipped: [SkippedInput]) -> String {
        var lines: [String] = []
        var head = "workjet: scanned \(s.filesScanned) file\(s.filesScanned == 1 ? "" : "s") (\(ByteSize.format(s.bytes)))"
        if s.filesSkipped > 0 {
            let reasons = s.skippedByReason.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            head += ", skipped \(s.filesSkipped) (\(reasons))"
        }
        head += ", failed \(s.filesFailed)"
        lines.append(head)
        for failure in s.failures { lines.append("  failed: \(failure.displayPath): \(failure.message)") }
        for warning in s.warnings { lines.append("  warning: \(warning.displayPath): \(warning.message)") }
        var findings = "findings: \(s.findings)"
        if !s.findingsByType.isEmpty {
            findings += " (" + s.findingsByType.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        if s.suppressedInline + s.suppressedBaseline > 0 {
            findings += "; suppressed \(s.suppressedInline) inline, \(s.suppressedBaseline) by baseline"
        }
        lines.append(findings)
        let rate = s.megabytesPerSecond
        lines.append("throughput: \(rate < 10 ? String(format: "%.2f", rate) : String(Int(rate))) MB/s (\(String(format: "%.2f", s.seconds)) s, \(s.jobs) job\(s.jobs == 1 ? "" : "s"); engine setup \(String(format: "%.2f", s.setupSeconds)) s)")
        return lines.joined(separator: "\n") + "\n"
    }
}
