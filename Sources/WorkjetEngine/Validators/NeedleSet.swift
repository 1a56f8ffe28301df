/// A fixed set of lower-case ASCII words searched for, case-insensitively, in one pass over a value.
///
/// The words are bucketed by first byte, so each byte of the value costs one table lookup and only
/// the words that start with it are compared (the placeholder filter looks for about forty words in
/// every keyword-assignment candidate).
struct NeedleSet: Sendable {
    /// The words, sorted by first byte.
    private let needles: [[UInt8]]
    /// `bucket[c]..<bucket[c + 1]`: the indexes in `needles` of the words starting with byte `c`.
    private let bucket: [Int]

    /// Creates the set; words are lower-cased.
    init(_ words: [String]) {
        needles = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
        var bucket = [Int](repeating: 0, count: 257)
        for needle in needles { bucket[Int(needle[0]) + 1] += 1 }
        for c in 1...256 { bucket[c] += bucket[c - 1] }
        self.bucket = bucket
    }

    /// Whether any word occurs in `haystack`, ignoring ASCII case.
    func occurs(in haystack: UnsafeRawBufferPointer) -> Bool {
        occurs(in: haystack) { _, _ in true }
    }

    /// Whether any word occurs in `haystack`, ignoring ASCII case, at a place `accept(start, end)` agrees to.
    func occurs(in haystack: UnsafeRawBufferPointer, where accept: (Int, Int) -> Bool) -> Bool {
        let count = haystack.count
        return bucket.withUnsafeBufferPointer { bucket in
            needles.withUnsafeBufferPointer { words in
                for i in 0..<count {
                    let c = Int(ASCII.lower(haystack[i]))
                    var k = bucket[c]
                    let end = bucket[c + 1]
                    while k < end {
                        let word = words[k]
                        k += 1
                        guard word.count <= count - i else { continue }
                        var j = 1
                        while j < word.count && ASCII.lower(haystack[i + j]) == word[j] { j += 1 }
                        if j == word.count && accept(i, i + j) { return true }
                    }
                }
                return false
            }
        }
    }
}
