#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// System calls on file descriptors that more than one writer needs.
enum Descriptor {
    /// Writes all of `bytes` to `descriptor` with `write(2)`, again after a signal interrupts it.
    /// Returns how many bytes went out and, when that is not all of them, the `errno` that stopped it
    /// (`EIO` for a write that took nothing).
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> (written: Int, error: Int32?) {
        guard let base = bytes.baseAddress else { return (0, nil) }
        var offset = 0
        while offset < bytes.count {
            let n = systemWrite(descriptor, base + offset, bytes.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return (offset, n < 0 ? errno : EIO)
            }
        }
        return (offset, nil)
    }
}
