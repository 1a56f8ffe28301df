/// Makes findings sorted and non-overlapping: where findings overlap, the higher confidence wins,
/// then the longer span, then the earlier start, then the detector id (so the result is deterministic).
enum OverlapResolver {
    /// Resolves `findings` in place.
    static func resolve(_ findings: inout [Finding]) {
        guard findings.count > 1 else { return }
        findings.sort { ($0.start, $0.end) < ($1.start, $1.end) }
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
