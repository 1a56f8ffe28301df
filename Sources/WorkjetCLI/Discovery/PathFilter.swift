#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--include` / `--exclude` globs (`fnmatch(3)`; `*` also crosses `/`). A pattern matches a file when it
/// matches the path relative to the argument or the file's base name; an excluded directory is not entered.
public struct PathFilter: Sendable, Hashable {
    /// Patterns a file must match one of (none: every file).
    public var include: [String]
    /// Patterns that exclude a file or directory.
    public var exclude: [String]

    /// Creates a filter.
    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Whether a file at `relativePath` is scanned.
    public func accepts(file relativePath: String) -> Bool {
        if Self.matchesAny(exclude, relativePath) { return false }
        return include.isEmpty || Self.matchesAny(include, relativePath)
    }

    /// Whether a directory at `relativePath` is entered.
    public func enters(directory relativePath: String) -> Bool {
        !Self.matchesAny(exclude, relativePath)
    }

    static func matchesAny(_ patterns: [String], _ path: String) -> Bool {
        guard !patterns.isEmpty else { return false }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return patterns.contains { fnmatch($0, path, 0) == 0 || fnmatch($0, base, 0) == 0 }
    }
}
