import Testing
@testable import WorkjetEngine

/// Hyperscan finds candidates and PCRE2 confirms them inside windows; the result must equal a
/// reference that runs PCRE2 over the whole input.
@Suite struct DifferentialTests {
    @Test(arguments: 0..<40)
    func engineEqualsReferenceOnMixedText(seed: Int) throws {
        let text = mixedText(seed: UInt64(seed), pieces: 300)
        let fast = try builtinEngine.scan(text)
        let reference = builtinEngine.referenceScan(text)
        #expect(fast == reference, "seed \(seed)")
        #expect(!fast.isEmpty)
    }

    @Test func findingsAreSortedAndDisjoint() throws {
        for seed in 100..<120 {
            let findings = try builtinEngine.scan(mixedText(seed: UInt64(seed), pieces: 400))
            for (a, b) in zip(findings, findings.dropFirst()) { #expect(a.end <= b.start) }
        }
    }

    @Test func overlapsKeepHigherConfidenceThenLongerSpan() {
        var findings = [
            Finding(entityType: "A", detectorID: "a", start: 0, end: 10, confidence: 0.5, validated: false),
            Finding(entityType: "B", detectorID: "b", start: 5, end: 8, confidence: 0.9, validated: false),
            Finding(entityType: "C", detectorID: "c", start: 7, end: 20, confidence: 0.9, validated: false),
            Finding(entityType: "D", detectorID: "d", start: 30, end: 31, confidence: 0.1, validated: false),
        ]
        OverlapResolver.resolve(&findings)
        #expect(findings.map(\.detectorID) == ["c", "d"])
    }

    @Test func customUnboundedPatternsMatchTheReference() throws {
        let registry = try DetectorRegistry([
            PatternDetector(id: "quoted", entityType: "QUOTED", patterns: [DetectorPattern(#"BEGIN.*?END"#)]),
            PatternDetector(id: "words", entityType: "WORDS", patterns: [DetectorPattern(#"\bsecret\w+"#)]),
        ])
        let engine = try Engine(registry: registry)
        let text = "x BEGIN a END BEGIN b BEGIN c END secretive secretsauce\nBEGIN no end\n" + String(repeating: "BEGIN y END ", count: 50)
        #expect(try engine.scan(text) == engine.referenceScan(text))
    }
}
