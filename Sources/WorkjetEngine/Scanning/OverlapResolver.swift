/// Makes findings sorted and non-overlapping: where findings overlap, the higher confidence wins,
/// then the longer span, then the earlier start, then the detector id (so the result is deterministic).
enum OverlapResolver {
    /// Resolves `findings` in place.
    static func resolve(_ findings: inout [Finding]) {
        guard findings.count > 1 else { return }
        sortByPosition(&findings)
        var result: [Finding] = []
        result.reserveCapacity(findings.count)
        var i = 0
        while i < findings.count {
            var j = i + 1
            var maxEnd = findings[i].end
            while j < findings.count && findings[j].start < maxEnd {
                maxEnd = max(maxEnd, findings[j].end)
                j += 1
            }
            if j == i + 1 {
                result.append(findings[i])
            } else {
                resolveGroup(findings[i..<j], into: &result)
            }
            i = j
        }
        findings = result
    }

    /// Sorts by start, then end, keeping the order of equal spans (as a stable sort does).
    ///
    /// Findings arrive cluster by cluster, and a pattern's cluster closes only when its next candidate
    /// comes, so they are far from sorted. Sorting the 64-byte findings themselves cost 2.0 M of a dense
    /// MiB's 35 M instructions (merges copying values); here plain integers that pack start, length and
    /// index are sorted, and the findings gathered once.
    static func sortByPosition(_ findings: inout [Finding]) {
        // Fields are read through the buffer: copying a finding out would retain its two strings.
        let (inOrder, limitsFit) = findings.withUnsafeBufferPointer { b -> (Bool, Bool) in
            var inOrder = true, limitsFit = b.count <= 1 << 16
            var previousStart = Int.min, previousEnd = Int.min
            for i in b.indices {
                let start = b[i].start, end = b[i].end
                if start >= 1 << 26 || end - start >= 1 << 22 || start < 0 || end < start { limitsFit = false }
                if (previousStart, previousEnd) > (start, end) { inOrder = false }
                previousStart = start
                previousEnd = end
            }
            return (inOrder, limitsFit)
        }
        if inOrder { return }
        guard limitsFit && findings.count > 24 else {
            // A request's worth (the standard library sorts those by insertion), or offsets too large to pack.
            findings.sort { ($0.start, $0.end) < ($1.start, $1.end) }
            return
        }
        var keys = findings.withUnsafeBufferPointer { b in
            [UInt64](unsafeUninitializedCapacity: b.count) { keys, count in
                for i in b.indices { keys[i] = UInt64(b[i].start) << 38 | UInt64(b[i].end - b[i].start) << 16 | UInt64(i) }
                count = b.count
            }
        }
        keys.sort()
        findings = keys.map { findings[Int($0 & 0xFFFF)] }
    }

    /// Orders findings by priority: the first of two overlapping findings is the one kept.
    static func outranks(_ a: Finding, _ b: Finding) -> Bool {
        if a.confidence != b.confidence { return a.confidence > b.confidence }
        if a.length != b.length { return a.length > b.length }
        if a.start != b.start { return a.start < b.start }
        return a.detectorID < b.detectorID
    }

    private static func resolveGroup(_ group: ArraySlice<Finding>, into result: inout [Finding]) {
        var accepted: [Finding] = []
        for candidate in group.sorted(by: outranks)
        where !accepted.contains(where: { $0.start < candidate.end && candidate.start < $0.end }) {
            accepted.append(candidate)
        }
        accepted.sort { $0.start < $1.start }
        result.append(contentsOf: accepted)
    }
}
