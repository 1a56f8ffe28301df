#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines and columns for ``FindingFilter/report(_:file:member:fingerprints:lines:counts:value:)``: a
/// ``LineIndex`` over input that arrives in chunks, or a ``LineCursor`` over one whole buffer.
protocol LinePositions {
    /// The 1-based line and 1-based byte column of `offset`.
    mutating func position(of offset: Int) -> (line: Int, column: Int)
    /// Whether `line` holds a `workjet:allow` marker.
    func isAllowed(line: Int) -> Bool
}

/// Maps byte offsets to 1-based line and column numbers over input that arrives in chunks, keeping only
/// the newline offsets of a recent window (so a 10 GB file costs no more memory than a small one), and
/// notes the lines that carry an inline `workjet:allow` marker.
struct LineIndex: LinePositions {
    /// The inline suppression marker.
    static let allowMarker = AllowMarker.bytes

    private var newlines: [Int] = []
    private var droppedLines = 0
    private var lastDroppedNewline = -1
    private var end = 0
    /// The last bytes of the previous chunk, so a marker split across chunks is still seen.
    private var tail: [UInt8] = []
    /// Lines (1-based) that hold `workjet:allow`.
    private(set) var allowedLines: Set<Int> = []

    /// Records the newlines and markers in the next chunk.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        var cursor = base
        let stop = base + chunk.count
        while cursor < stop, let hit = memchr(cursor, 0x0A, stop - cursor) {
            newlines.append(end + (UnsafeRawPointer(hit) - UnsafeRawPointer(base)))
            cursor = UnsafeRawPointer(hit) + 1
        }
        findMarkers(chunk)
        end += chunk.count
    }

    private mutating func findMarkers(_ chunk: UnsafeRawBufferPointer) {
        let marker = Self.allowMarker
        // Look at the previous tail joined to the head of this chunk, then inside the chunk.
        if !tail.isEmpty {
            let joined = tail + chunk.prefix(marker.count - 1)
            if let at = Self.find(marker, in: joined), at < tail.count {
                allowedLines.insert(position(of: end - tail.count + at).line)
            }
        }
        for offset in AllowMarker.starts(in: chunk, range: 0..<chunk.count) {
            allowedLines.insert(position(of: end + offset).line)
        }
        tail = chunk.count >= marker.count - 1 ? Array(chunk.suffix(marker.count - 1)) : Array((tail + chunk).suffix(marker.count - 1))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    /// Forgets newlines before `offset` (no later lookup will ask about earlier offsets).
    mutating func drop(before offset: Int) {
        let count = countBelow(offset)
        guard count > 0 else { return }
        lastDroppedNewline = newlines[count - 1]
        droppedLines += count
        newlines.removeFirst(count)
    }

    /// The 1-based line and 1-based byte column of `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let below = countBelow(offset)
        let lineStart = (below > 0 ? newlines[below - 1] : lastDroppedNewline) + 1
        return (droppedLines + below + 1, offset - lineStart + 1)
    }

    /// Whether `line` holds a `workjet:allow` marker.
    func isAllowed(line: Int) -> Bool {
        allowedLines.contains(line)
    }

    /// Number of retained newlines at offsets below `offset`.
    private func countBelow(_ offset: Int) -> Int {
        var low = 0, high = newlines.count
        while low < high {
            let mid = (low + high) / 2
            if newlines[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Lines and columns in one whole buffer, counted from the previous lookup when offsets come in increasing
/// order (findings do), with the lines of `workjet:allow` markers found up front. Gives what a ``LineIndex``
/// of the same bytes gives, without storing an offset per newline.
struct LineCursor: LinePositions {
    private let bytes: UnsafeRawBufferPointer
    private var newlines: NewlineCounter
    private var allowedLines: Set<Int> = []

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        newlines = NewlineCounter(bytes: bytes, from: 0)
        let markers = AllowMarker.starts(in: bytes, range: 0..<bytes.count)
        guard !markers.isEmpty else { return }
        var counter = NewlineCounter(bytes: bytes, from: 0)
        for marker in markers {
            counter.advance(to: marker)
            allowedLines.insert(counter.count + 1)
        }
    }

    mutating func position(of offset: Int) -> (line: Int, column: Int) {
        // An offset before the previous one: count again from the start.
        if offset < newlines.position { newlines = NewlineCounter(bytes: bytes, from: 0) }
        newlines.advance(to: offset)
        return (newlines.count + 1, offset - (newlines.last ?? -1))
    }

    func isAllowed(line: Int) -> Bool {
        allowedLines.contains(line)
    }
}
