#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring tests on raw bytes, for the streaming meters' per-event checks.
///
/// They used `String.contains(String)`, which with Foundation imported searches through `CFString`, on
/// every event of every streamed answer; a `memchr`/`memcmp` search of the bytes needs no `String` at all.
enum ByteSearch {
    /// Whether `needle`'s UTF-8 bytes occur in `haystack`.
    static func contains(_ haystack: some Collection<UInt8>, _ needle: StaticString) -> Bool {
        let found = haystack.withContiguousStorageIfAvailable { bytes in
            contains(UnsafeRawBufferPointer(bytes), needle)
        }
        return found ?? contains(Array(haystack), needle)
    }

    private static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        guard needle.utf8CodeUnitCount > 0 else { return true }
        let count = needle.utf8CodeUnitCount
        guard let base = haystack.baseAddress, haystack.count >= count else { return false }
        let first = Int32(needle.utf8Start.pointee)
        let lastStart = haystack.count - count
        var offset = 0
        while offset <= lastStart {
            // The needle's first byte (memchr), then the rest.
            guard let hit = memchr(base + offset, first, lastStart - offset + 1) else { return false }
            if memcmp(hit, needle.utf8Start, count) == 0 { return true }
            offset = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        return false
    }
}
