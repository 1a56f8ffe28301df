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
        handle.withLock { $0.write(Data(text.utf8)) }
    }

    /// Writes raw bytes.
    public func write(bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        handle.withLock { $0.write(Data(bytes)) }
    }
}
