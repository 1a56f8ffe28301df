import Foundation
import Synchronization
import WorkjetDocuments
import WorkjetEngine

/// A `workjet scan` run: walks the inputs, scans them on a ``WorkerPool`` with one shared engine, prints
/// findings in the chosen format and the summary on stderr, and returns the exit code
/// (0 clean, 1 findings at or above `--fail-on`, 2 usage or I/O errors with no such findings).
public struct ScanSession: Sendable {
    /// What to do.
    public var settings: ScanSettings
    /// Where findings go.
    public var output: LockedOutput
    /// Where the summary and progress go.
    public var diagnostics: LockedOutput
    /// Whether stderr is a terminal (progress bar).
    public var diagnosticsIsTerminal: Bool

    /// Creates a session.
    public init(
        settings: ScanSettings, output: LockedOutput = .standardOutput, diagnostics: LockedOutput = .standardError,
        diagnosticsIsTerminal: Bool = false
    ) {
        self.settings = settings
        self.output = output
        self.diagnostics = diagnostics
        self.diagnosticsIsTerminal = diagnosticsIsTerminal
    }

    /// Runs the scan and returns the exit code.
    public func run() throws(CLIError) -> Int32 {
        let started = Date()
        let setup = try EngineSetup(patternDirectories: settings.patternDirectories, policyPath: settings.policyPath)
        let baseline = try settings.baselinePath.map { path throws(CLIError) in Set(try Baseline.load(path: path).fingerprints) }
        let filter = FindingFilter(
            policy: setup.policy, types: Set(settings.types), minimumConfidence: settings.minimumConfidence,
            baseline: baseline ?? [], showSecrets: settings.showSecrets,
            fingerprintKey: Fingerprint.key(option: settings.baselineKey, environment: ProcessInfo.processInfo.environment))
        let scanner = FileScanner(
            engine: setup.engine, filter: filter, extractor: DocumentExtractor(limits: settings.limits),
            scanBinary: settings.scanBinary)
        let walk = settings.walker.walk(settings.paths)
        let formatter = FindingFormatter(format: settings.format, colour: settings.colour)
        let progress = ProgressBar(
            files: walk.targets.count, bytes: walk.targets.reduce(0) { $0 + $1.size },
            enabled: diagnosticsIsTerminal && !settings.quiet)
        let results = LockedBox<[FileResult]>([])
        let output = self.output
        WorkerPool(jobs: settings.jobs).run(walk.targets) { target in
            let result = scanner.scan(target) { finding in
                if formatter.streams { output.write(formatter.jsonLine(finding) + "\n") }
            }
            progress.advance(bytes: result.bytes)
            results.withLock { $0.append(result) }
        }
        progress.finish()

        var summary = ScanSummary()
        summary.jobs = max(1, min(settings.jobs, walk.targets.count))
        walk.skipped.forEach { summary.addSkip($0.reason) }
        walk.failed.forEach { summary.addFailure($0) }
        let all = results.value
        all.forEach { summary.add($0) }
        summary.seconds = Date().timeIntervalSince(started)
        summary.sort()
        let findings = all.flatMap(\.findings).sorted(by: ReportedFinding.precedes)
        if !formatter.streams {
            output.write(formatter.document(findings, summary: summary, registry: setup.engine.registry))
        }
        if let path = settings.writeBaselinePath {
            try Baseline(fingerprints: findings.map(\.fingerprint)).write(path: path)
        }
        diagnostics.write(SummaryText.render(summary, skipped: walk.skipped))
        return Self.exitCode(findings: findings, failures: summary.filesFailed, failOn: settings.failOn)
    }

    /// 1 when a finding reaches `failOn`; else 2 when something failed; else 0.
    static func exitCode(findings: [ReportedFinding], failures: Int, failOn: Action?) -> Int32 {
        if let failOn, findings.contains(where: { $0.action >= failOn }) { return 1 }
        return failures > 0 ? 2 : 0
    }
}
