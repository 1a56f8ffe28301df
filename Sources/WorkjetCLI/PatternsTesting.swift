import WorkjetEngine
import WorkjetPacks

/// What `workjet patterns test FILE...` does: load each pack, scan its examples and negatives, report.
public enum PatternsTesting {
    /// A finished run.
    public struct Result: Sendable, Hashable {
        /// The text to print.
        public var report: String
        /// 0 when everything passes, 1 when some example fails, 2 when some pack cannot be loaded.
        public var exitCode: Int32
        /// Packs that failed to load.
        public var loadErrors: [PackError]
        /// Examples that did not behave as declared.
        public var failures: [ExampleFailure]
    }

    /// Loads and checks `files` against the built-in detectors (`base`).
    ///
    /// Every file is tried even after a failure, so one run reports everything wrong. Rule ids must also
    /// be unique across the files given, as they would be when loaded together.
    public static func run(files: [String], base: DetectorRegistry = .builtins()) -> Result {
        var lines: [String] = []
        var loadErrors: [PackError] = []
        var failures: [ExampleFailure] = []
        var loaded: [PatternPack] = []
        var combined = base
        var ruleCount = 0
        for file in files {
            do {
                let pack = try PatternPack.load(path: file)
                try PatternPack.register([pack], into: &combined)
                loaded.append(pack)
                let packFailures = try pack.checkExamples(base: base)
                failures += packFailures
                ruleCount += pack.detectors.count
                let examples = pack.detectors.reduce(0) { $0 + $1.examples.count }
                let negatives = pack.detectors.reduce(0) { $0 + $1.negativeExamples.count }
                let counts = "\(pack.detectors.count) rule\(pack.detectors.count == 1 ? "" : "s"), \(examples) examples, \(negatives) negative examples"
                lines.append("\(packFailures.isEmpty ? "PASS" : "FAIL") \(pack.name) (\(file)): \(counts)")
                lines += packFailures.map { "  \($0)" }
            } catch {
                loadErrors.append(error)
                lines.append("ERROR \(error)")
            }
        }
        let summary: String
        let exitCode: Int32
        if !loadErrors.isEmpty {
            summary = "\(loadErrors.count) of \(files.count) pack file\(files.count == 1 ? "" : "s") could not be loaded"
            exitCode = 2
        } else if !failures.isEmpty {
            summary = "\(failures.count) example failure\(failures.count == 1 ? "" : "s") in \(loaded.count) pack\(loaded.count == 1 ? "" : "s")"
            exitCode = 1
        } else {
            summary = "all examples pass: \(loaded.count) pack\(loaded.count == 1 ? "" : "s"), \(ruleCount) rule\(ruleCount == 1 ? "" : "s")"
            exitCode = 0
        }
        lines.append(summary)
        return Result(report: lines.joined(separator: "\n") + "\n", exitCode: exitCode, loadErrors: loadErrors, failures: failures)
    }
}
