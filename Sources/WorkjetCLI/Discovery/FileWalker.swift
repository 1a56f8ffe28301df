#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands command-line arguments into the files to scan: directories recursively (sorted by name, so
/// runs are reproducible), `-` as standard input. Symbolic links inside directories are skipped unless
/// ``followSymlinks`` is set (directory cycles are then cut); FIFOs, sockets and devices are skipped.
public struct FileWalker: Sendable {
    /// Include and exclude globs (they do not apply to files named directly as arguments).
    public var filter = PathFilter()
    /// Whether symbolic links found in directories are followed.
    public var followSymlinks = false
    /// Files larger than this are skipped.
    public var maxFileSize: Int?

    /// What a walk found.
    public struct Result: Sendable {
        /// Files to read, in argument order, then name order.
        public var targets: [ScanTarget] = []
        /// Inputs found but not read.
        public var skipped: [SkippedInput] = []
        /// Arguments or directories that could not be read.
        public var failed: [FileFailure] = []
    }

    /// Creates a walker.
    public init(filter: PathFilter = PathFilter(), followSymlinks: Bool = false, maxFileSize: Int? = nil) {
        self.filter = filter
        self.followSymlinks = followSymlinks
        self.maxFileSize = maxFileSize
    }

    /// Expands `arguments`.
    public func walk(_ arguments: [String]) -> Result {
        var result = Result()
        for argument in arguments {
            if argument == "-" {
                result.targets.append(ScanTarget(path: "-", displayPath: "-", size: 0))
                continue
            }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                result.failed.append(FileFailure(displayPath: argument, message: Self.errnoMessage("cannot read")))
                continue
            }
            let root = Self.trimmed(argument)
            if info.st_mode & S_IFMT == S_IFDIR {
                var visited: Set<[UInt64]> = [[UInt64(info.st_dev), UInt64(info.st_ino)]]
                walkDirectory(path: root, display: root == "." ? "" : root, relative: "", visited: &visited, into: &result)
            } else {
                classify(path: argument, display: root, info: info, into: &result)
            }
        }
        return result
    }

    private func walkDirectory(
        path: String, display: String, relative: String, visited: inout Set<[UInt64]>, into result: inout Result
    ) {
        guard let entries = Self.listDirectory(path) else {
            result.failed.append(FileFailure(displayPath: display.isEmpty ? "." : display, message: Self.errnoMessage("cannot list directory")))
            return
        }
        // The relative path is only matched against globs, and the display path is most often the path itself:
        // building each child's three paths was a fifth of walking a folder of small files.
        let sharesPath = path == display && path != "/"
        let matchesPaths = !filter.include.isEmpty || !filter.exclude.isEmpty
        for entry in entries {
            let name = entry.name
            let childPath = path == "/" ? "/" + name : path + "/" + name
            let childDisplay = sharesPath ? childPath : display.isEmpty ? name : display + "/" + name
            let childRelative = !matchesPaths ? "" : relative.isEmpty ? name : relative + "/" + name
            guard var info = entry.info else {
                result.failed.append(FileFailure(displayPath: childDisplay, message: Self.errnoMessage("cannot stat", errno: entry.error)))
                continue
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                guard followSymlinks else {
                    if filter.accepts(file: childRelative) {
                        result.skipped.append(SkippedInput(displayPath: childDisplay, reason: .symlink))
                    }
                    continue
                }
                guard stat(childPath, &info) == 0 else {
                    result.failed.append(FileFailure(displayPath: childDisplay, message: Self.errnoMessage("broken symbolic link")))
                    continue
                }
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard filter.enters(directory: childRelative) else { continue }
                let identity = [UInt64(info.st_dev), UInt64(info.st_ino)]
                guard visited.insert(identity).inserted else { continue }  // a symlink cycle
                walkDirectory(path: childPath, display: childDisplay, relative: childRelative, visited: &visited, into: &result)
                visited.remove(identity)
            } else if filter.accepts(file: childRelative) {
                classify(path: childPath, display: childDisplay, info: info, into: &result)
            }
        }
    }

    private func classify(path: String, display: String, info: stat, into result: inout Result) {
        guard info.st_mode & S_IFMT == S_IFREG else {
            result.skipped.append(SkippedInput(displayPath: display, reason: .special))
            return
        }
        let size = Int(info.st_size)
        if let maxFileSize, size > maxFileSize {
            result.skipped.append(SkippedInput(displayPath: display, reason: .tooLarge))
            return
        }
        result.targets.append(ScanTarget(path: path, displayPath: display, size: size))
    }

    /// A directory entry and what `lstat` says of it (nil, with `errno` in `error`, when that failed).
    struct Entry {
        var name: String
        var info: stat?
        var error: Int32 = 0
    }

    /// Entries of a directory, sorted by their names' bytes, each with its `lstat` information; nil if the
    /// directory cannot be opened.
    ///
    /// The entries are looked up relative to the open directory (`fstatat`): an `lstat` of the whole path
    /// walked every component of it again, a third of walking a folder of small files. The directory is
    /// closed before any subdirectory is entered, so a deep tree holds one descriptor at a time.
    static func listDirectory(_ path: String) -> [Entry]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        // Each name's UTF-8 (as decoded, so order and lookups are those of the strings reported) also goes
        // into one buffer, NUL-terminated: sorting strings moved and retained them at every step, 2.5 % of
        // scanning a folder of 10,000 small files; the sort below compares spans of the buffer with `memcmp`.
        var names: [String] = []
        var spans: [Range<Int>] = []
        var bytes: [UInt8] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name != "." && name != ".." else { continue }
            let start = bytes.count
            bytes += name.utf8
            spans.append(start..<bytes.count)
            bytes.append(0)
            names.append(name)
        }
        let descriptor = dirfd(dir)
        return bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            // Byte order (`utf8.lexicographicallyPrecedes`); the sort is stable, so names that decode alike keep
            // the directory's order, as when the strings themselves were sorted.
            let order = spans.indices.sorted { a, b in
                let (x, y) = (spans[a], spans[b])
                let shared = min(x.count, y.count)
                let order = shared == 0 ? 0 : memcmp(base + x.lowerBound, base + y.lowerBound, shared)
                return order != 0 ? order < 0 : x.count < y.count
            }
            return order.map { index in
                var info = stat()
                let name = base.advanced(by: spans[index].lowerBound).assumingMemoryBound(to: CChar.self)
                guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                    return Entry(name: names[index], info: nil, error: errno)
                }
                return Entry(name: names[index], info: info)
            }
        }
    }

    /// `docs/` -> `docs`, `./docs` -> `docs`.
    static func trimmed(_ argument: String) -> String {
        var path = argument
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        while path.hasPrefix("./") && path.count > 2 { path.removeFirst(2) }
        return path
    }

    static func errnoMessage(_ what: String, errno code: Int32 = errno) -> String {
        "\(what): \(String(cString: strerror(code)))"
    }
}

/// A file or argument that could not be read; the run goes on and exits with 2 if nothing was found.
public struct FileFailure: Sendable, Hashable, Codable {
    /// The path as reported (with the archive member, when one failed).
    public var displayPath: String
    /// What went wrong.
    public var message: String

    /// Creates a failure.
    public init(displayPath: String, message: String) {
        self.displayPath = displayPath
        self.message = message
    }
}
