/// One input a command will read: a file found under an argument, or standard input.
public struct ScanTarget: Sendable, Hashable {
    /// The path to open (`-` for standard input).
    public var path: String
    /// The path as reported: as reached from the argument (`docs/a.txt` for `workjet scan docs`).
    public var displayPath: String
    /// Size in bytes when known from `stat` (for progress and ETA).
    public var size: Int

    /// Creates a target.
    public init(path: String, displayPath: String, size: Int) {
        self.path = path
        self.displayPath = displayPath
        self.size = size
    }

    /// Whether this target is standard input.
    public var isStandardInput: Bool { path == "-" }
}

/// An input that was found but will not be read, and why.
public struct SkippedInput: Sendable, Hashable {
    /// The path as reported.
    public var displayPath: String
    /// Why it was skipped.
    public var reason: SkipReason

    /// Creates a skipped input.
    public init(displayPath: String, reason: SkipReason) {
        self.displayPath = displayPath
        self.reason = reason
    }
}

/// Why an input was not scanned. Skips are counted in the summary; they are not errors.
public enum SkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A NUL byte in the first 8 KiB (pass `--binary` to scan it anyway).
    case binary
    /// Larger than `--max-file-size`.
    case tooLarge = "too_large"
    /// A symbolic link, not followed without `--follow-symlinks`.
    case symlink
    /// A FIFO, socket or device file: reading it could block or never end.
    case special
    /// `redact` does not rewrite archives or compressed files.
    case archive
}
