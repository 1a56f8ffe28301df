import Foundation
import ArgumentParser
import WorkjetEngine

/// Options shared by `scan` and `redact`: which files, which detectors, which policy.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files or directories to read (directories recursively); '-' reads standard input.")
    var paths: [String] = []

    @Option(name: .customLong("include"), help: "Only files matching this glob (path or base name; repeatable).")
    var include: [String] = []

    @Option(name: .customLong("exclude"), help: "Skip files and directories matching this glob (repeatable).")
    var exclude: [String] = []

    @Option(name: .customLong("max-file-size"), help: "Skip files larger than this (e.g. 10M, 1G).")
    var maxFileSize: String?

    @Flag(name: .customLong("follow-symlinks"), help: "Follow symbolic links found in directories.")
    var followSymlinks = false

    @Flag(name: .customLong("binary"), help: "Also scan binary files (with NUL bytes), skipped by default.")
    var binary = false

    @Option(name: .customLong("jobs"), help: "Files scanned in parallel (default: all cores).")
    var jobs: Int?

    @Option(name: .customLong("patterns"), help: "A directory of extra pattern packs (repeatable).")
    var patterns: [String] = []

    @Option(name: .customLong("policy"), help: "A policy file: actions and thresholds per type and detector.")
    var policy: String?

    @Option(name: .customLong("min-confidence"), help: "Ignore findings below this confidence (0...1).")
    var minConfidence: Double = 0

    @Option(name: .customLong("types"), help: "Only these entity types or detector ids (comma-separated).")
    var types: String?

    @Flag(name: .customLong("quiet"), help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file, directory or '-'") }
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be within 0...1") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxFileSize, ByteSize.parse(maxFileSize) == nil {
            throw ValidationError("--max-file-size '\(maxFileSize)' is not a size (examples: 512k, 10M, 2G)")
        }
    }

    /// Settings with these options applied.
    func settings() -> ScanSettings {
        var settings = ScanSettings(paths: paths)
        settings.walker = FileWalker(
            filter: PathFilter(include: include, exclude: exclude), followSymlinks: followSymlinks,
            maxFileSize: maxFileSize.flatMap(ByteSize.parse))
        settings.scanBinary = binary
        settings.jobs = jobs ?? WorkerPool.defaultJobs
        settings.patternDirectories = patterns
        settings.policyPath = policy
        settings.minimumConfidence = minConfidence
        settings.types = (types ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        settings.quiet = quiet
        return settings
    }
}
