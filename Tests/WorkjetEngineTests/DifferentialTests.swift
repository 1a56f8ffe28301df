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

    /// Provider formats run in Hyperscan as `\b` candidates (``DetectorPattern/candidateRegex``) while PCRE2
    /// applies their exact lookaround boundaries: next to every kind of neighbour byte, the engine must
    /// still equal the reference.
    @Test func candidateExpressionsMissNothingAtTokenBoundaries() throws {
        let neighbours = ["", " ", "_", "-", ".", "=", "\"", "x", "Z", "7", "/", "+", ":", "\n", "\u{0}", "é"]
        var checked = 0
        for detector in BuiltinDetectors.all() {
            guard let pattern = detector as? PatternDetector, pattern.patterns.contains(where: { $0.candidateRegex != nil }) else { continue }
            for example in pattern.examples {
                for left in neighbours {
                    for right in neighbours {
                        let text = left + example + right
                        #expect(try builtinEngine.scan(text) == builtinEngine.referenceScan(text), "\(detector.id): \(text.debugDescription)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked >= 25 * neighbours.count * neighbours.count)
    }

    @Test func leadingRunShapesAreRecognisedNarrowly() throws {
        let email = try #require(LeadingRun(candidate: #"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{2}"#, caseInsensitive: false))
        #expect(email.minimum == 1 && email.maximum == 64 && email.tailWidth == 4)
        #expect(email.contains(UInt8(ascii: "%")) && email.contains(UInt8(ascii: "-")) && !email.contains(UInt8(ascii: "@")))
        // Not the shape: a negated class, a class after the run, a tail byte inside the class (also when
        // case is ignored), an optional or repeated first tail byte, a tail of varying width, no run.
        for (candidate, caseless) in [
            (#"[^a]{1,3}@x"#, false), (#"[a-z]{1,3}[0-9]"#, false), (#"[a-z]{1,3}q"#, false), (#"[a-z]{1,3}Q"#, true),
            (#"[a-z]{1,3}@?x"#, false), (#"[a-z]{1,3}@x+"#, false), (#"[a-z]{0,3}@x"#, false), (#"@[a-z]{1,3}"#, false),
            (#"[a-z]+@x"#, false), (#"[a-z]{1,3}"#, false),
        ] {
            #expect(LeadingRun(candidate: candidate, caseInsensitive: caseless) == nil, "\(candidate)")
        }
        func start(_ text: String, end: Int) -> Int? {
            Array(text.utf8).withUnsafeBytes { email.leftmostStart(endingAt: end, in: $0) }
        }
        // Hyperscan reports the candidate's end three bytes after the `@`.
        #expect(start("mail ab.c@x.io", end: 13) == 5)
        // The run reaches the buffer's start: a stream's earlier bytes may continue it, so no answer.
        #expect(start("ab@x.io", end: 6) == nil)
        // A run longer than the maximum: the candidate starts 64 bytes before the tail.
        let long = " " + String(repeating: "a", count: 70) + "@x.io"
        #expect(start(long, end: 75) == 1 + 70 - 64)
    }

    /// The e-mail pattern's single-candidate clusters start at the local part's first byte: next to
    /// runs of every length around the 64-byte limit, other addresses and bytes the local part may not
    /// hold, the engine must still equal the reference.
    @Test(arguments: 0..<12)
    func emailClustersFromTheirLeadingRunEqualTheReference(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(seed) &+ 7_000)
        let pieces = ["a", "Z", "9", ".", "_", "%", "+", "-", "@", "@x.io", "@b.co", " ", "\n", "\"", "<", "é", "\u{0}", "..", "x.y"]
        let engine = try Engine(registry: DetectorRegistry([BuiltinDetectors.email]))
        for _ in 0..<40 {
            var text = ""
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                if Int.random(in: 0..<8, using: &rng) == 0 {
                    text += String(repeating: "k", count: Int.random(in: 60...68, using: &rng))
                } else {
                    text += pieces.randomElement(using: &rng)!
                }
            }
            #expect(try engine.scan(text) == engine.referenceScan(text), "\(text.debugDescription)")
            #expect(try builtinEngine.scan(text) == builtinEngine.referenceScan(text), "\(text.debugDescription)")
        }
    }

    @Test func candidateRegexRewriteRules() {
        // Leading lookbehind before a letter, trailing lookahead after a word-only class: both become \b.
        #expect(BuiltinSecretDetectors.wordBoundaryCandidate(#"(?<![A-Za-z0-9_-])ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])"#)
            == #"\bghp_[A-Za-z0-9]{36}\b"#)
        // A class with '-' may end the match on a non-word byte: the lookahead is dropped instead.
        #expect(BuiltinSecretDetectors.wordBoundaryCandidate(#"(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])"#)
            == #"\bglpat-[A-Za-z0-9_-]{20}"#)
        // Another lookaround left inside: no candidate (Hyperscan would only approximate it anyway).
        #expect(BuiltinSecretDetectors.wordBoundaryCandidate(#"(?<![A-Za-z0-9_-])ab(?=c)[a-z]{4}"#) == nil)
        // A lookbehind that admits '_' before the match is not implied by \b: unchanged.
        #expect(BuiltinSecretDetectors.wordBoundaryCandidate(#"(?<![A-Za-z0-9])AB[0-9]{4}"#) == nil)
    }

    @Test func everyBuiltinPatternHasABoundedWidth() throws {
        // An unbounded pattern has no confirmation window: PCRE2 would rescan the input from its start.
        for pattern in builtinEngine.table.patterns {
            #expect(pattern.maxWidth != nil, "\(pattern.detectorID): \(pattern.regex.source)")
        }
    }

    @Test func customCandidateRegexIsConfirmedByTheRegex() throws {
        let registry = try DetectorRegistry([
            PatternDetector(
                id: "emp", entityType: "EMPLOYEE_ID",
                patterns: [DetectorPattern(#"(?<![A-Z])EMP-[0-9]{6}(?![0-9])"#, candidateRegex: #"EMP-[0-9]{6}"#)])
        ])
        let engine = try Engine(registry: registry)
        #expect(engine.patternCounts.prefiltered == 0)
        let text = "EMP-123456 XEMP-123456 EMP-1234567 (EMP-654321)"
        let findings = try engine.scan(text)
        #expect(findings.map { $0.start } == [0, 36])
        #expect(findings == engine.referenceScan(text))
    }

    /// A cluster stops trying starts a candidate's minimum width before its last end
    /// (``CompiledPattern/startMargin``): only where Hyperscan runs the expression exactly.
    @Test func startMarginIsTheExactCandidateMinimumWidth() throws {
        func pattern(_ id: String) throws -> CompiledPattern {
            try #require(builtinEngine.table.patterns.first { $0.detectorID == id })
        }
        #expect(try pattern("aws_access_key_id").startMargin == 20)  // (?:AKIA|...)[A-Z2-7]{16}
        #expect(try pattern("github_pat").startMargin == 40)  // \bghp_[A-Za-z0-9]{36}\b
        #expect(try pattern("email_address").startMargin == 5)  // x@y and two more domain bytes
        for digits in builtinEngine.table.patterns where digits.digitShape != nil { #expect(digits.startMargin == 0) }
        let engine = try Engine(registry: DetectorRegistry([
            PatternDetector(id: "ab", entityType: "AB", patterns: [DetectorPattern(#"(?<![A-Z])AB[0-9]{4}"#)]),
            PatternDetector(id: "cd", entityType: "CD", patterns: [DetectorPattern(#"CD[0-9]{4,6}"#)]),
        ]))
        let prefiltered = try #require(engine.table.patterns.first { $0.detectorID == "ab" })
        #expect(prefiltered.prefilter && prefiltered.startMargin == 0)
        #expect(try #require(engine.table.patterns.first { $0.detectorID == "cd" }).startMargin == 6)
        // Matches of exactly the minimum width back to back, at the very start and end of the input, and
        // a longer one whose shortest prefix is also a candidate end: every one is found, as the reference finds it.
        for text in ["CD1234CD1234", "CD1234", "xCD123456CD1234 CD12345", "AB1234AB1234 XAB1234"] {
            let findings = try engine.scan(text)
            #expect(findings == engine.referenceScan(text), "\(text)")
            #expect(!findings.isEmpty)
        }
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
