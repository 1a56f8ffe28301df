import Foundation
import Synchronization
import WorkjetDocuments
import WorkjetEngine

/// A `workjet redact` run: every text input is scanned and written with the findings whose action is
/// redact or block replaced (policy redaction style), either under an output directory at the same relative
/// path or in place. Every write goes through ``AtomicFileWriter``. Archives and compressed files are
/// skipped (never unpacked to disk); standard input is redacted to standard output.
public struct RedactSession: Sendable {
    /// Where redacted copies go.
    public enum Destination: Sendable, Hashable {
        /// Under this directory, at the input's path as reached from its argument.
        case directory(String)
        /// Over the input itself (only files with something to redact are rewritten).
        case inPlace
    }

    /// Inputs, detectors, policy.
    public var settings: ScanSettings
    /// Where redacted files go.
    public var destination: Destination
    /// Where the redacted standard input goes.
    public var output: LockedOutput
    /// Where the summary goes.
    public var diagnostics: LockedOutput

    /// Creates a session.
    public init(settings: ScanSettings, destination: Destination, output: LockedOutput = .standardOutput, diagnostics: LockedOutput = .standardError) {
        self.settings = settings
        self.destination = destination
        self.output = output
        self.diagnostics = diagnostics
    }

    /// Runs and returns the exit code: 0 done, 2 if some input failed.
    public func run() throws(CLIError) -> Int32 {
        let setupStarted = Date()
        let setup = try EngineSetup(patternDirectories: settings.patternDirectories, policyPath: settings.policyPath)
        let started = Date()
        let filter = FindingFilter(
            policy: setup.policy, types: Set(settings.types), minimumConfidence: settings.minimumConfidence,
            fingerprintKey: Fingerprint.key(option: nil, environment: [:]))
        let walk = settings.walker.walk(settings.paths)
        let results = LockedBox<[FileResult]>([])
        let redactedFiles = LockedBox(0)
        let job = RedactJob(engine: setup.engine, filter: filter, destination: destination, scanBinary: settings.scanBinary, output: output)
        WorkerPool(jobs: settings.jobs).run(walk.targets) { target in
            let (result, rewrote) = job.redact(target)
            results.withLock { $0.append(result) }
            if rewrote { redactedFiles.withLock { $0 += 1 } }
        }
        var summary = ScanSummary()
        summary.jobs = max(1, min(settings.jobs, walk.targets.count))
        walk.skipped.forEach { summary.addSkip($0.reason) }
        walk.failed.forEach { summary.addFailure($0) }
        results.value.forEach { summary.add($0) }
        summary.seconds = Date().timeIntervalSince(started)
        summary.setupSeconds = started.timeIntervalSince(setupStarted)
        summary.sort()
        let written = redactedFiles.value
        var text = SummaryText.render(summary, skipped: walk.skipped)
        text += "redacted: \(written) file\(written == 1 ? "" : "s") \(destination == .inPlace ? "rewritten in place" : "with redactions written")\n"
        diagnostics.write(text)
        return summary.filesFailed > 0 ? 2 : 0
    }
}
