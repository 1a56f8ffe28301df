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
        let setupStarted = Date()
        let setup = try EngineSetup(patternDirectories: settings.patternDirectories, policyPath: settings.policyPath)
        // Throughput is measured over the scan itself; compiling the detectors is reported apart.
        let started = Date()
        let baseline = try settings.baselinePath.map { path throws(CLIError) in Set(try Baseline.load(path: path).fingerprints) }
        let filter = FindingFilter(
            policy: setup.policy, types: Set(settings.types), minimumConfidence: settings.minimumConfidence,
            baseline: baseline ?? [], showSecrets: settings.showSecrets,
            fingerprintKey: Fingerprint.key(option: settings.baselineKey, environment: ProcessInfo.processInfo.environment))
        let formatter = FindingFormatter(format: settings.format, colour: settings.colour)
        var scanner = FileScanner(
            engine: setup.engine, filter: filter, extractor: DocumentExtractor(limits: settings.limits),
            scanBinary: settings.scanBinary, chunkSize: FileScanner.chunkSize(jobs: settings.jobs))
        scanner.retainFindings = !formatter.streams || settings.writeBaselinePath != nil
        let fileScanner = scanner
        let walk = settings.walker.walk(settings.paths)
        let progress = ProgressBar(
            files: walk.targets.count, bytes: walk.targets.reduce(0) { $0 + $1.size },
            enabled: diagnosticsIsTerminal && !settings.quiet)
        // Results are added up as inputs finish (in the order a list of them would have been added up in), not
        // kept: a list of 10,000 results cost a copy of each into it and its release at the end.
        var initial = Tally()
        walk.skipped.forEach { initial.summary.addSkip($0.reason) }
        walk.failed.forEach { initial.summary.addFailure($0) }
        let tally = LockedBox(initial)
        let output = self.output
        let finished: @Sendable (FileResult) -> Void = { result in
            progress.advance(bytes: result.bytes)
            tally.withLock { $0.add(result) }
        }
        let jobs = plan(walk.targets, scanner: fileScanner, formatter: formatter, finished: finished)
        WorkerPool(jobs: settings.jobs).run(jobs: jobs) { job, scratch in
            switch job {
            case .chunk(let plan, let merger, let index):
                // Whole files' lines first: with one job the output keeps the order of the jobs.
                Self.flush(&scratch.output, to: output)
                merger.add(fileScanner.scanChunk(plan, index: index, buffer: &scratch.buffer))
            case .file(let target):
                // JSONL lines are batched per worker across files: one write per 64 KiB, not one per file
                // (most small files hold a few findings). Moved out of the scratch while the closure fills them.
                var pending: [UInt8] = [], buffer: [UInt8] = []
                swap(&pending, &scratch.output)
                swap(&buffer, &scratch.buffer)
                let result = fileScanner.scan(target, buffer: &buffer) { finding in
                    guard formatter.streams else { return }
                    finding.appendJSONLine(to: &pending)
                    pending.append(UInt8(ascii: "\n"))
                    if pending.count >= Self.batchBytes { Self.flush(&pending, to: output) }
                }
                swap(&pending, &scratch.output)
                swap(&buffer, &scratch.buffer)
                finished(result)
            }
        } finish: { scratch in
            Self.flush(&scratch.output, to: output)
        }
        progress.finish()

        let totals = tally.value
        var summary = totals.summary
        summary.jobs = max(1, min(settings.jobs, jobs.count))
        summary.seconds = Date().timeIntervalSince(started)
        summary.setupSeconds = started.timeIntervalSince(setupStarted)
        summary.sort()
        let findings = totals.findings.sorted(by: ReportedFinding.precedes)
        if !formatter.streams {
            output.write(formatter.document(findings, summary: summary, registry: setup.engine.registry))
        }
        if let path = settings.writeBaselinePath {
            try Baseline(fingerprints: findings.map(\.fingerprint.string)).write(path: path)
        }
        diagnostics.write(SummaryText.render(summary, skipped: walk.skipped))
        return Self.exitCode(strongest: totals.strongest, failures: summary.filesFailed, failOn: settings.failOn)
    }

    /// What the inputs of a run have produced so far.
    struct Tally: Sendable {
        var summary = ScanSummary()
        /// The findings results kept (none when they were streamed).
        var findings: [ReportedFinding] = []
        /// The strongest action among all findings.
        var strongest: Action?

        mutating func add(_ result: FileResult) {
            summary.add(result)
            findings += result.findings
            if let action = result.strongestAction { strongest = max(strongest ?? action, action) }
        }
    }

    /// One unit of work: a whole input, or one chunk of a large plain file.
    enum Job: Sendable {
        case file(ScanTarget)
        case chunk(ChunkPlan, ChunkMerger, Int)
    }

    /// The jobs in the order workers claim them: largest inputs first, a large plain file as its chunks in
    /// file order (so every worker helps with it and few chunks wait out of order in its merger).
    func plan(
        _ targets: [ScanTarget], scanner: FileScanner, formatter: FindingFormatter,
        finished: @escaping @Sendable (FileResult) -> Void
    ) -> [Job] {
        let output = self.output
        var jobs: [Job] = []
        for target in WorkerPool.order(targets) {
            guard let plan = scanner.chunkPlan(for: target) else {
                jobs.append(.file(target))
                continue
            }
            let merger = ChunkMerger(
                plan: plan, retainFindings: scanner.retainFindings,
                emit: { findings in
                    guard formatter.streams, !findings.isEmpty else { return }
                    // Written in batches: one buffer for a whole chunk's lines (a megabyte and more) was a
                    // fresh mapping whose page faults cost more than the writes saved.
                    var lines: [UInt8] = []
                    lines.reserveCapacity(min(findings.count * 320, Self.batchBytes) + 4096)
                    for index in findings.indices {
                        findings[index].appendJSONLine(to: &lines)
                        lines.append(UInt8(ascii: "\n"))
                        if lines.count >= Self.batchBytes { Self.flush(&lines, to: output) }
                    }
                    Self.flush(&lines, to: output)
                },
                complete: finished)
            jobs += (0..<plan.count).map { .chunk(plan, merger, $0) }
        }
        return jobs
    }

    /// Bytes of JSON lines gathered before one write.
    static let batchBytes = 64 << 10

    /// Writes `pending` and empties it, keeping its capacity.
    static func flush(_ pending: inout [UInt8], to output: LockedOutput) {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { output.write(bytes: $0) }
        pending.removeAll(keepingCapacity: true)
    }

    /// 1 when the strongest finding reaches `failOn`; else 2 when something failed; else 0.
    static func exitCode(strongest: Action?, failures: Int, failOn: Action?) -> Int32 {
        if let failOn, let strongest, strongest >= failOn { return 1 }
        return failures > 0 ? 2 : 0
    }
}
