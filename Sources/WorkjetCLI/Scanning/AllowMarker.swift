#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the inline suppression marker `workjet:allow`.
enum AllowMarker {
    /// The marker's bytes.
    static let bytes: [UInt8] = Array("workjet:allow".utf8)
    /// The marker's rarest byte in ordinary text (`j`) and its index: `memchr` for it skips far more
    /// text than for the leading `w`, which occurs every few dozen bytes of English.
    private static let anchor: (byte: UInt8, index: Int) = (UInt8(ascii: "j"), 4)

    /// Start offsets (relative to `bytes`) of markers that start within `range` and lie wholly in `bytes`.
    static func starts(in bytes: UnsafeRawBufferPointer, range: Range<Int>) -> [Int] {
        guard let base = bytes.baseAddress else { return [] }
        let marker = Self.bytes
        var found: [Int] = []
        var from = range.lowerBound + anchor.index
        let stop = min(bytes.count, range.upperBound + anchor.index)
        while from < stop, let hit = memchr(base + from, Int32(anchor.byte), stop - from) {
            let at = UnsafeRawPointer(hit) - base
            let start = at - anchor.index
            if start + marker.count <= bytes.count, memcmp(base + start, marker, marker.count) == 0 { found.append(start) }
            from = at + 1
        }
        return found
    }
}
