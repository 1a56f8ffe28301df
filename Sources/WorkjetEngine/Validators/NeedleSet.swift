import CWorkjetDigits

/// A fixed set of lower-case ASCII words searched for, case-insensitively, in one pass over a value.
///
/// `wj_next_pair` (C, 32 positions a step with AVX2) finds where a byte that starts some word is
/// followed by a byte that is second in some word; there one bit test in a table of the words' first
/// two bytes (in any case) tells whether some word starts with that very pair, and only then are the
/// words of that bucket compared. Keyword windows before every candidate and the placeholder filter
/// (about forty words, in every keyword-assignment candidate) both run this; a search that compared
/// words at every byte that merely starts one was 5 % of a dense scan, and the pair table alone, a
/// byte at a time, cost 8 instructions a position.
struct NeedleSet: Sendable {
    /// The words' bytes, one after another, sorted by first byte.
    private let bytes: [UInt8]
    /// `ends[k - 1]..<ends[k]` (with `ends[-1] = 0`): word `k` in `bytes`.
    private let ends: [Int]
    /// `bucket[c]..<bucket[c + 1]`: the indexes of the words starting with (lower-case) byte `c`.
    private let bucket: [Int]
    /// Bit `b0 << 8 | b1`: some word starts with bytes `b0 b1` (any case); a one-byte word sets every `b1`.
    private let pairs: [UInt64]
    /// The words' first bytes and second bytes (any case) as two sets, for `wj_next_pair`.
    private let filter: wj_pair_filter

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
        var filter = wj_pair_filter()
        withUnsafeMutableBytes(of: &filter) { tables in
            // first_lo, first_hi, second_lo, second_hi: 16 bytes each.
            for high in 0..<16 {
                tables[16 + high] = wj_pair_filter_hi_bit(UInt32(high))
                tables[48 + high] = wj_pair_filter_hi_bit(UInt32(high))
            }
            for needle in needles {
                for first in cases(needle[0]) { tables[Int(first & 15)] |= wj_pair_filter_hi_bit(UInt32(first >> 4)) }
                for second in needle.count > 1 ? cases(needle[1]) : (0...255).map(UInt8.init) {
                    tables[32 + Int(second & 15)] |= wj_pair_filter_hi_bit(UInt32(second >> 4))
                }
            }
        }
        self.filter = filter
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
                        withUnsafePointer(to: filter) { filter in
                            var i = 0
                            while true {
                                i = wj_next_pair(base, count, i, filter, pairs.baseAddress!)
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
    }

    /// `wj_next_pair` (or, with `portable`, its byte-at-a-time variant) on `haystack` from `start`: where
    /// the next pair that starts some word is (for tests).
    func nextPair(in haystack: UnsafeRawBufferPointer, from start: Int, portable: Bool) -> Int {
        guard let base = haystack.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        return pairs.withUnsafeBufferPointer { pairs in
            withUnsafePointer(to: filter) { filter in
                portable
                    ? wj_next_pair_portable(base, haystack.count, start, filter, pairs.baseAddress!)
                    : wj_next_pair(base, haystack.count, start, filter, pairs.baseAddress!)
            }
        }
    }
}
