/// Makes findings sorted and non-overlapping: where findings overlap, the higher confidence wins,
/// then the longer span, then the earlier start, then the detector id (so the result is deterministic).
///
/// Works on indexes in stack buffers and moves each finding at most once, by swaps. Copying findings into
/// new arrays retained two strings per finding and released them again with the old array, and each small
/// array allocation looked up its generic metadata: the resolver was 90 K of the sparse benchmark MiB's
/// 5.7 M instructions.
enum OverlapResolver {
    /// Resolves `findings` in place.
    static func resolve(_ findings: inout [Finding]) {
        let count = findings.count
        guard count > 1, !isResolved(findings) else { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * count) { scratch in
            let order = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
            let target = UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)])
            positionOrder(findings, into: order)
            // Positions of `order` whose finding loses to an overlapping one are marked by a negative entry.
            let dropped = findings.withUnsafeBufferPointer { b in markOutranked(order, findings: b) }
            // The kept findings first, in order, then the dropped ones, which are cut off.
            var kept = 0
            for position in 0..<count where order[position] >= 0 {
                target[kept] = order[position]
                kept += 1
            }
            var next = kept
            for position in 0..<count where order[position] < 0 {
                target[next] = ~order[position]
                next += 1
            }
            permute(&findings, into: UnsafeBufferPointer(target))
            if dropped > 0 { findings.removeLast(dropped) }
        }
    }

    /// Whether `findings` are already sorted by position and apart (a request's few findings often are).
    static func isResolved(_ findings: [Finding]) -> Bool {
        findings.withUnsafeBufferPointer { b in
            for i in 1..<b.count where b[i].start < b[i - 1].end { return false }
            return true
        }
    }

    /// Writes the indexes of `findings` into `order` (of the same count) by start, then end, then index (a
    /// stable sort's order).
    ///
    /// Findings arrive cluster by cluster, and a pattern's cluster closes only when its next candidate
    /// comes, so they are far from sorted. Sorting the 64-byte findings themselves cost 2.0 M of a dense
    /// MiB's 35 M instructions (merges copying values); here plain integers that pack start, length and
    /// index are sorted.
    static func positionOrder(_ findings: [Finding], into order: UnsafeMutableBufferPointer<Int>) {
        findings.withUnsafeBufferPointer { b in
            // Fields are read through the buffer: copying a finding out would retain its two strings.
            var inOrder = true, limitsFit = b.count <= 1 << 16
            var previousStart = Int.min, previousEnd = Int.min
            for i in b.indices {
                let start = b[i].start, end = b[i].end
                if start >= 1 << 26 || end - start >= 1 << 22 || start < 0 || end < start { limitsFit = false }
                if (previousStart, previousEnd) > (start, end) { inOrder = false }
                previousStart = start
                previousEnd = end
                order[i] = i
            }
            if inOrder { return }
            guard limitsFit && b.count > 24 else {
                // A request's worth (the standard library sorts those by insertion), or offsets too large to pack.
                var order = order  // the same memory: sorting mutates the buffer, not the pointer
                order.sort { (b[$0].start, b[$0].end, $0) < (b[$1].start, b[$1].end, $1) }
                return
            }
            var keys = [UInt64](unsafeUninitializedCapacity: b.count) { keys, count in
                for i in b.indices { keys[i] = UInt64(b[i].start) << 38 | UInt64(b[i].end - b[i].start) << 16 | UInt64(i) }
                count = b.count
            }
            keys.sort()
            for i in b.indices { order[i] = Int(keys[i] & 0xFFFF) }
        }
    }

    /// Puts `findings[target[k]]` at position `k`, for a permutation `target`, following its cycles with
    /// swaps (no finding is copied).
    static func permute(_ findings: inout [Finding], into target: UnsafeBufferPointer<Int>) {
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: target.count) { placed in
            placed.initialize(repeating: false)
            findings.withUnsafeMutableBufferPointer { b in
                for start in target.indices where !placed[start] {
                    var k = start
                    while target[k] != start {
                        b.swapAt(k, target[k])
                        placed[k] = true
                        k = target[k]
                    }
                    placed[k] = true
                }
            }
        }
    }

    /// Orders findings by priority: the first of two overlapping findings is the one kept.
    static func outranks(_ a: Finding, _ b: Finding) -> Bool {
        if a.confidence != b.confidence { return a.confidence > b.confidence }
        if a.length != b.length { return a.length > b.length }
        if a.start != b.start { return a.start < b.start }
        return a.detectorID < b.detectorID
    }

    /// Cuts `order` (indexes of `b` by position) into runs of overlapping findings and, in each run, marks
    /// (`~index`) every finding that overlaps one that outranks it and is kept. Returns how many it marked.
    private static func markOutranked(_ order: UnsafeMutableBufferPointer<Int>, findings b: UnsafeBufferPointer<Finding>) -> Int {
        var dropped = 0
        var i = 0
        while i < order.count {
            var maxEnd = b[order[i]].end
            var j = i + 1
            while j < order.count && b[order[j]].start < maxEnd {
                maxEnd = max(maxEnd, b[order[j]].end)
                j += 1
            }
            if j > i + 1 { dropped += markOutranked(in: i..<j, order: order, findings: b) }
            i = j
        }
        return dropped
    }

    /// One run of overlapping findings: takes them in rank order, keeping each that overlaps none kept.
    private static func markOutranked(
        in positions: Range<Int>, order: UnsafeMutableBufferPointer<Int>, findings b: UnsafeBufferPointer<Finding>
    ) -> Int {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * positions.count) { scratch in
            var ranked = UnsafeMutableBufferPointer(rebasing: scratch[0..<positions.count])
            let accepted = UnsafeMutableBufferPointer(rebasing: scratch[positions.count...])
            for (k, position) in positions.enumerated() { ranked[k] = position }
            ranked.sort { outranks(b[order[$0]], b[order[$1]]) }
            var acceptedCount = 0, dropped = 0
            for position in ranked {
                let index = order[position], start = b[index].start, end = b[index].end
                if accepted[0..<acceptedCount].contains(where: { b[$0].start < end && start < b[$0].end }) {
                    order[position] = ~index
                    dropped += 1
                } else {
                    accepted[acceptedCount] = index
                    acceptedCount += 1
                }
            }
            return dropped
        }
    }
}
