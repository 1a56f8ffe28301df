#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file without ever leaving it half-written: the bytes go to a temporary file in the same
/// directory, which is flushed to disk (`fsync`) and then renamed over the target, an atomic step on
/// POSIX file systems. On any failure the temporary file is removed and the target is untouched.
public final class AtomicFileWriter {
    private let target: String
    /// The temporary file the bytes go to until ``commit()``; readable while this writer lives.
    public let temporaryPath: String
    private var descriptor: Int32
    private var committed = false

    /// Opens a temporary file next to `target`; `mode` sets its permissions (default 0644).
    public init(target: String, mode: mode_t = 0o644) throws(CLIError) {
        self.target = target
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[..<$0]) } ?? "."
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var template = Array((directory.isEmpty ? "/" : directory + "/").utf8) + Array(".\(name).workjet-XXXXXX".utf8) + [0]
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mkstemp($0.baseAddress!) }
        }
        guard fd >= 0 else {
            throw CLIError(.io, "cannot create a temporary file next to '\(target)': \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        temporaryPath = String(decoding: template.dropLast(), as: UTF8.self)
        fchmod(fd, mode)
    }

    deinit {
        if !committed {
            if descriptor >= 0 { close(descriptor) }
            unlink(temporaryPath)
        }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(CLIError) {
        if let error = Descriptor.writeAll(descriptor, bytes).error {
            throw CLIError(.io, "cannot write '\(target)': \(String(cString: strerror(error)))")
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(CLIError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(CLIError) in try write(raw) } }.get()
    }

    /// Flushes, closes and renames the temporary file over the target.
    public func commit() throws(CLIError) {
        guard fsync(descriptor) == 0 else {
            throw CLIError(.io, "cannot flush '\(target)' to disk: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, target) == 0 else {
            throw CLIError(.io, "cannot replace '\(target)': \(String(cString: strerror(errno)))")
        }
        committed = true
        // Make the rename itself durable.
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[..<$0]) } ?? "."
        let dirfd = open(directory.isEmpty ? "/" : directory, O_RDONLY)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    /// Writes a whole file atomically.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(CLIError) {
        let writer = try AtomicFileWriter(target: path, mode: mode)
        try writer.write(bytes)
        try writer.commit()
    }
}
