#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemRead = Glibc.read
#else
private let systemRead = Darwin.read
#endif

/// Reads a file or standard input in chunks with `read(2)`. Opening never blocks: a file that turned
/// into a FIFO or device between the directory walk and the open is refused.
final class FileReader {
    fileprivate let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Permission bits of the file (0644 for standard input).
    let mode: mode_t
    /// The file's size when it was opened (nil for standard input).
    private let size: Int?
    /// Bytes ``read(into:)`` has returned so far.
    private var position = 0
    /// `read(2)` calls made by ``read(into:)`` (for the tests).
    private(set) var readCalls = 0

    /// Opens `path` (`-` is standard input); throws a failure message naming the cause.
    init(path: String) throws(CLIError) {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            mode = 0o644
            size = nil
            return
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            let message = errno == ENOENT ? "vanished before it could be read" : String(cString: strerror(errno))
            throw CLIError(.io, message)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw CLIError(.usage, "not a regular file")
        }
        descriptor = fd
        ownsDescriptor = true
        mode = info.st_mode & 0o7777
        size = Int(info.st_size)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Fills `buffer` as far as the input allows; returns the byte count (0 at the end).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(CLIError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            readCalls += 1
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { break }
                throw CLIError(.io, "read error: \(String(cString: strerror(errno)))")
            }
            filled += n
            position += n
            // A file that gave less than asked for, ending at the size it had when opened, is at its end: the
            // read that would return 0 is skipped (one system call in every small file's three or four). A
            // file that grew goes on as before, to the 0.
            if position == size { break }
        }
        return filled
    }
}

#if canImport(Glibc)
private let systemPread = Glibc.pread
#else
private let systemPread = Darwin.pread
#endif

extension FileReader {
    /// Fills `buffer` from byte `offset` of the file as far as the file allows (positional: readers of
    /// different chunks never share a file offset); returns the byte count (short at the end of the file).
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(CLIError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = systemPread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError(.io, "read error: \(String(cString: strerror(errno)))")
            }
            filled += n
        }
        return filled
    }
}
