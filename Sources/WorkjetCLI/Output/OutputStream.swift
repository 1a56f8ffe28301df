#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// A locked writer to a file handle, so lines from worker threads never interleave.
public final class LockedOutput: Sendable {
    private let handle: Mutex<FileHandle>

    /// Wraps a handle.
    public init(_ handle: FileHandle) {
        self.handle = Mutex(handle)
    }

    /// Standard output.
    public static let standardOutput = LockedOutput(.standardOutput)
    /// Standard error.
    public static let standardError = LockedOutput(.standardError)

    /// Writes text as UTF-8.
    public func write(_ text: String) {
        guard !text.isEmpty else { return }
        var text = text
        text.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Writes raw bytes.
    ///
    /// With `write(2)` on the handle's descriptor, straight from the caller's buffer: `FileHandle.write`
    /// needs a `Data`, a copy of every batch of JSON lines. Whatever `write(2)` cannot take (a full
    /// non-blocking pipe, an error) goes through `FileHandle` as before.
    public func write(bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        handle.withLock { handle in
            let descriptor = handle.fileDescriptor
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    handle.write(Data(UnsafeRawBufferPointer(rebasing: bytes[offset...])))
                    return
                }
            }
        }
    }
}
