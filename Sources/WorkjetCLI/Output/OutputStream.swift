import Foundation
import Synchronization

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
        guard !bytes.isEmpty else { return }
        handle.withLock { handle in
            let (written, error) = Descriptor.writeAll(handle.fileDescriptor, bytes)
            if error != nil { handle.write(Data(UnsafeRawBufferPointer(rebasing: bytes[written...]))) }
        }
    }
}
