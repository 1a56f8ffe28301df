/// A fixed set of lower-case ASCII words searched for, case-insensitively, in one pass over a value.
///
/// Every byte of the value costs one bit test in a table of the words' first two bytes (in any case),
/// and only where some word starts with those two bytes are the words of that bucket compared.
/// Keyword windows before every candidate and the placeholder filter (about forty words, in every
/// keyword-assignment candidate) both run this; a search that compared words at every byte that
/// merely starts one was 5 % of a dense scan.
struct NeedleSet: Sendable {
    /// The words' bytes, one after another, sorted by first byte.
    private let bytes: [UInt8]
    /// `ends[k - 1]..<ends[k]` (with `ends[-1] = 0`): word `k` in `bytes`.
    private let ends: [Int]
    /// `bucket[c]..<bucket[c + 1]`: the indexes of the words starting with (lower-case) byte `c`.
    private let bucket: [Int]
    /// Bit `b0 << 8 | b1`: some word starts with bytes `b0 b1` (any case); a one-byte word sets every `b1`.
    private let pairs: [UInt64]

    /// Creates the set; words are lower-cased.
    init(_ words: [String]) {
        let needles = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
        var bucket = [Int](repeating: 0, count: 257)
        var pairs = [UInt64](repeating: 0, count: 1024)
        func cases(_ b: UInt8) -> [UInt8] { b &- 97 < 26 ? [b, b - 32] : [b] }
        for needle in needles {
            bucket[Int(needle[0]) + 1] += 1
            for first in cases(needle[0]) {
                for second in needle.count > 1 ? cases(needle[1]) : (0...255).map(UInt8.init) {
                    let key = Int(first) << 8 | Int(second)
                    pairs[key >> 6] |= 1 << UInt64(key & 63)
                }
            }
        }
        self.pairs = pairs
        for c in 1...256 { bucket[c] += bucket[c - 1] }
        self.bucket = bucket
        bytes = needles.flatMap { $0 }
        var ends: [Int] = []
        var end = 0
        for needle in needles {
            end += needle.count
            ends.append(end)
        }
        self.ends = ends
    }

    /// Whether any word occurs in `haystack`, ignoring ASCII case.
    func occurs(in haystack: UnsafeRawBufferPointer) -> Bool {
        occurs(in: haystack) { _, _ in true }
    }

    /// Whether any word occurs in `haystack`, ignoring ASCII case, at a place `accept(start, end)` agrees to.
    func occurs(in haystack: UnsafeRawBufferPointer, where accept: (Int, Int) -> Bool) -> Bool {
        let count = haystack.count
        guard count > 0, let base = haystack.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        return pairs.withUnsafeBufferPointer { pairs in
            bucket.withUnsafeBufferPointer { bucket in
                ends.withUnsafeBufferPointer { ends in
                    bytes.withUnsafeBufferPointer { bytes in
                        var i = 0
                        while true {
                            i = Self.nextPairHit(pairs.baseAddress!, in: base, from: i, count: count)
                            guard i < count else { return false }
                            let c = Int(ASCII.lower(base[i]))
                            for k in bucket[c]..<bucket[c + 1] {
                                let from = k == 0 ? 0 : ends[k - 1], length = ends[k] - from
                                guard length <= count - i else { continue }
                                var j = 1
                                while j < length && ASCII.lower(base[i + j]) == bytes[from + j] { j += 1 }
                                if j == length && accept(i, i + j) { return true }
                            }
                            i += 1
                        }
                    }
                }
            }
        }
    }

    /// The first index at or after `start` whose two bytes are the start of some word in `pairs`, the last
    /// byte (which has no pair: its bucket's length check leaves only one-byte words), or `count`.
    ///
    /// Kept out of line and alone: inlined into the confirmation loop, its loop variables lived on the stack
    /// and a position cost 24 instructions; here the rolling two-byte key stays in registers.
    @inline(never)
    static func nextPairHit(_ pairs: UnsafePointer<UInt64>, in haystack: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        guard start + 1 < count else { return start < count ? start : count }
        var key = Int(haystack[start])
        var i = start
        while i + 1 < count {
            key = (key & 0xFF) << 8 | Int(haystack[i + 1])
            if pairs[key >> 6] & (1 << UInt64(key & 63)) != 0 { return i }
            i += 1
        }
        return i  // count - 1: the last byte
    }
}
