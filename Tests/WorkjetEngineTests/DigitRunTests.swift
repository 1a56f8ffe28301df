import Testing
@testable import WorkjetEngine

/// Digit patterns (cards, SSNs, phone numbers) get their candidates from the digit-run scanner, not
/// Hyperscan. Their shapes must never drop a run that the pattern's regex could match in.
@Suite struct DigitRunTests {
    /// Digits in groups of every length, joined by every separator the patterns use and by near misses.
    func digitSoup(seed: UInt64, bytes: Int) -> [UInt8] {
        var rng = SeededRandom(seed: seed)
        let joiners = [
            " ", "-", ".", "(", ")", " (", ") ", ")-(", "  ", "   ", "    ", "+", "+1 ", "x", " x", " ext. ", " extension ",
            "/", "_", "a", ":", "\n", "\u{0}", "é", " -", "- ", "..", "0", "ssn ", "phone: ", "card ", "tel ", "Tel.: ",
        ]
        // The patterns' own group structures (and, perturbed, their near misses), then random lengths.
        let templates: [[Int]] = [
            [3, 3, 4], [1, 3, 3, 4], [3, 7], [6, 4], [1, 3, 7], [10], [11], [3, 2, 4], [9], [4, 4, 4, 4], [4, 4, 4, 1],
            [4, 4, 4, 4, 3], [4, 6, 5], [4, 6, 4], [16], [12], [19], [2, 2, 2, 2, 2], [4, 3, 4], [5, 6], [3, 4, 4],
            [2, 4, 4], [1, 2, 3, 4], [2, 3, 4, 5, 6, 7],
        ]
        var out: [UInt8] = []
        func digit(_ first: Bool) -> UInt8 {
            guard first else { return UInt8(48 + Int.random(in: 0...9, using: &rng)) }
            return UInt8(48 + (Int.random(in: 0..<10, using: &rng) < 3 ? Int.random(in: 0...1, using: &rng) : Int.random(in: 2...9, using: &rng)))
        }
        while out.count < bytes {
            var lengths = templates.randomElement(using: &rng)!
            if Int.random(in: 0..<3, using: &rng) == 0 {
                lengths = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 1...20, using: &rng) }
            } else if Int.random(in: 0..<4, using: &rng) == 0 {
                let k = Int.random(in: 0..<lengths.count, using: &rng)
                lengths[k] = max(1, lengths[k] + (Bool.random(using: &rng) ? 1 : -1))
            }
            for (k, length) in lengths.enumerated() {
                for i in 0..<length { out.append(digit(i == 0)) }
                out += Array((k == lengths.count - 1 || Int.random(in: 0..<3, using: &rng) == 0
                    ? joiners.randomElement(using: &rng)! : [" ", "-", ".", ") ", " ("].randomElement(using: &rng)!).utf8)
            }
        }
        return out
    }

    /// Each digit pattern alone, with no validator or keyword requirement: every regex match is a finding,
    /// so a run the shape wrongly turned away shows up as a difference from the whole-input PCRE2 scan.
    static let singlePatternEngines: [(String, Engine)] = {
        var engines: [(String, Engine)] = []
        for detector in BuiltinDetectors.all() {
            for (index, pattern) in detector.patterns.enumerated() where pattern.digitShape != nil {
                var bare = pattern
                bare.requiresContext = false
                let probe = PatternDetector(id: "\(detector.id)_\(index)", entityType: "X", patterns: [bare])
                engines.append((probe.id, try! Engine(registry: try! DetectorRegistry([probe]))))
            }
        }
        return engines
    }()

    @Test func everyDigitPatternIsCovered() {
        // Cards 3, SSNs 3, phone numbers 4.
        #expect(Self.singlePatternEngines.count == 10)
        #expect(Self.singlePatternEngines.allSatisfy { $0.1.patternCounts.digits == 1 && $0.1.databaseSize == 0 })
    }

    @Test(arguments: 0..<12)
    func eachShapeKeepsEveryRegexMatch(seed: Int) throws {
        let soup = digitSoup(seed: UInt64(seed), bytes: 16_000)
        try soup.withUnsafeBytes { bytes in
            for (id, engine) in Self.singlePatternEngines {
                let fast = try engine.scan(bytes)
                #expect(fast == engine.referenceScan(bytes), "\(id), seed \(seed)")
            }
        }
    }

    @Test(arguments: 0..<12)
    func builtinEngineEqualsReferenceOnDigitSoup(seed: Int) throws {
        let soup = digitSoup(seed: UInt64(seed) + 500, bytes: 8000)
        let fast = try builtinEngine.scan(soup)
        #expect(fast == soup.withUnsafeBytes { builtinEngine.referenceScan($0) }, "seed \(seed)")
        #expect(!fast.isEmpty)
    }

    @Test(arguments: 0..<8)
    func streamsOfDigitSoupEqualTheBlockScan(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(seed))
        let soup = digitSoup(seed: UInt64(seed) + 900, bytes: 6000)
        for engine in [builtinEngine] + Self.singlePatternEngines.prefix(4).map(\.1) {
            let findings = try streamFindings(soup, rng: &rng, engine: engine, longestChunk: 150)
            #expect(findings == (try engine.scan(soup)), "seed \(seed)")
        }
    }

    /// The scanner's runs equal a byte-by-byte definition: digits joined by at most three of ` .-()`.
    @Test(arguments: 0..<80)
    func scannerRunsEqualTheDefinition(seed: Int) {
        var rng = SeededRandom(seed: UInt64(seed) + 7)
        // Blocks full of digits and blocks with few (fewer than a run needs), and runs across block boundaries.
        let alphabet = seed % 2 == 0 ? Array("0123456789 .-()+xa\n".utf8) : Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ 01234.-()+\n".utf8)
        let bytes = (0..<Int.random(in: 1...2000, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
        let minimum = Int.random(in: 1...12, using: &rng), plusMinimum = Int.random(in: 1...4, using: &rng)
        let capacity = Int.random(in: 1...5, using: &rng)
        let expected = referenceRuns(bytes).filter { $0.digits >= minimum || ($0.plus && $0.digits >= plusMinimum) }
        bytes.withUnsafeBytes { buffer in
            let found = DigitRunScanner.runs(in: buffer, minimumDigits: minimum, plusMinimumDigits: plusMinimum, capacity: capacity)
            #expect(found.runs == expected, "seed \(seed)")
            #expect(found.resume == bytes.count)
            // The variant for any CPU (the one above is the fastest this CPU allows) gives the same runs.
            let portable = DigitRunScanner.runs(
                in: buffer, minimumDigits: minimum, plusMinimumDigits: plusMinimum, capacity: capacity, portable: true)
            #expect(portable.runs == expected, "seed \(seed), portable")
            // Not final: the same runs except one that reaches the end, and where to resume.
            let partial = DigitRunScanner.runs(in: buffer, final: false, minimumDigits: minimum, plusMinimumDigits: plusMinimum)
            let open = referenceRuns(bytes).last.map { run in
                bytes[run.range.upperBound...].count <= 3 && bytes[run.range.upperBound...].allSatisfy { Array(" .-()".utf8).contains($0) }
            } ?? false
            if open, let last = referenceRuns(bytes).last {
                #expect(partial.runs == expected.filter { $0.range != last.range }, "seed \(seed)")
                #expect(partial.resume <= last.range.lowerBound)
            } else {
                #expect(partial.runs == expected, "seed \(seed)")
            }
        }
    }

    func referenceRuns(_ bytes: [UInt8]) -> [DigitRunScanner.Run] {
        let separators = Array(" .-()".utf8)
        var runs: [DigitRunScanner.Run] = []
        var i = 0
        while i < bytes.count {
            guard ASCII.isDigit(bytes[i]) else {
                i += 1
                continue
            }
            let start = i
            var last = i, digits = 0, j = i
            while j < bytes.count {
                if ASCII.isDigit(bytes[j]) {
                    digits += 1
                    last = j
                    j += 1
                } else if separators.contains(bytes[j]) && j - last <= 3 {
                    j += 1
                } else {
                    break
                }
            }
            runs.append(DigitRunScanner.Run(range: start..<last + 1, digits: digits, plus: start > 0 && bytes[start - 1] == 43))
            i = last + 1
        }
        return runs
    }

    @Test func shapesAdmitTheirExamplesAndTurnAwayOtherRuns() {
        func admits(_ shape: DigitShape, _ text: String) -> Bool {
            let bytes = Array(text.utf8)
            let starts = UnsafeMutablePointer<Int>.allocate(capacity: DigitGroups.capacity)
            let lengths = UnsafeMutablePointer<Int>.allocate(capacity: DigitGroups.capacity)
            defer { starts.deallocate(); lengths.deallocate() }
            return bytes.withUnsafeBytes { buffer in
                var groups = DigitGroups(starts: starts, lengths: lengths)
                let first = bytes.firstIndex(where: ASCII.isDigit)!, last = bytes.lastIndex(where: ASCII.isDigit)!
                groups.read(buffer, run: first..<last + 1)
                return DigitGate(shape).admits(groups, plus: first > 0 && bytes[first - 1] == 43)
            }
        }
        #expect(admits(.northAmerican, "(415) 555-0134"))
        #expect(admits(.northAmerican, "1-415-555-0134"))
        #expect(admits(.northAmerican, "4155550134"))
        #expect(!admits(.northAmerican, "2019-02-22"))
        #expect(!admits(.northAmerican, "43-6708-4389"))
        // The number does not follow a letter, digit, `_`, `.`, `-`, `/`, or a digit and a space (a UUID's
        // or an id's digits), and its area code and exchange start with 2-9.
        #expect(!admits(.northAmerican, "ac772669-4761-4aee"))
        #expect(!admits(.northAmerican, "id_4155550134"))
        #expect(!admits(.northAmerican, "12 4155550134"))
        #expect(admits(.northAmerican, "tel 4155550134"))
        #expect(admits(.northAmerican, "+1 415 555 0134"))
        #expect(!admits(.northAmerican, "0155550134"))
        #expect(!admits(.northAmerican, "4151550134"))
        #expect(!admits(.northAmerican, "1-415-155-0134"))
        #expect(!admits(.northAmerican, "1-115-555-0134"))
        #expect(admits(.groups([3...3, 2...2, 4...4], separators: "-"), "536-22-8745"))
        #expect(!admits(.groups([3...3, 2...2, 4...4], separators: "-"), "536 22 8745"))
        #expect(admits(.group(12...19), "4111111111111111"))
        #expect(!admits(.group(12...19), "41111111111"))
        #expect(admits(.international(minimumDigits: 3), "+44 20 7946 0958"))
        #expect(!admits(.international(minimumDigits: 3), "44 20 7946 0958"))
        #expect(admits(.groups([2...2, 2...2, 2...2, 2...2, 2...2], separators: " .", leadingZero: true), "01 23 45 67 89"))
        #expect(!admits(.groups([2...2, 2...2, 2...2, 2...2, 2...2], separators: " .", leadingZero: true), "11 23 45 67 89"))
    }

    /// Runs that fit a single-group shape (plain cards, bare SSNs) are proposed only when the detector
    /// accepts one of their groups; the raw candidate stage proposes them all.
    @Test func singleGroupRunsAreCheckedBeforePCRE2() throws {
        let engine = builtinEngine
        let checked = engine.table.digits.entries.filter(\.checks).map {
            "\(engine.table.patterns[$0.pattern].detectorID)#\(engine.table.patterns[$0.pattern].patternIndex)"
        }
        #expect(checked.sorted() == ["credit_card#0", "us_ssn#2"])
        // A Luhn failure, a bare SSN without a keyword, then a card and a bare SSN after its keyword.
        let text = Array("order 4111111111111112 ref 536228745 id 000-12-3456; card 4111111111111111, ssn 536228745".utf8)
        var statistics = ScanStatistics()
        let findings = try text.withUnsafeBytes { try engine.scan($0, statistics: &statistics) }
        #expect(findings.map { String(decoding: text[$0.start..<$0.end], as: UTF8.self) } == ["4111111111111111", "536228745"])
        let raw = try text.withUnsafeBytes { try engine.rawCandidateScan($0) }
        #expect(statistics.candidateClusters < raw)
        #expect(findings == text.withUnsafeBytes { engine.referenceScan($0) })
    }

    /// A digit run longer than a stream holds back is proposed as it grows: memory stays bounded and
    /// the findings after it equal the block scan's.
    @Test func anEndlessDigitRunKeepsAStreamBounded() throws {
        let text = Array(String(repeating: "1234567890", count: 10_000).utf8) + Array(" card 4111 1111 1111 1111 ssn 536-22-8745".utf8)
        let stream = try builtinEngine.makeStream()
        var findings: [Finding] = []
        var peak = 0
        for chunk in stride(from: 0, to: text.count, by: 512) {
            findings += try stream.write(Array(text[chunk..<min(text.count, chunk + 512)]))
            peak = max(peak, stream.retainedBytes)
        }
        findings += try stream.finish()
        #expect(findings == (try builtinEngine.scan(text)))
        #expect(findings.map(\.entityType) == [.creditCard, .usSSN])
        // The longest window (a PEM block, about 8 KB) plus the held run and a chunk; not the 100 KB run.
        #expect(peak < 16_384)
    }

    @Test func anEngineOfDigitPatternsOnlyHasNoHyperscanDatabase() throws {
        let engine = try Engine(registry: try DetectorRegistry([BuiltinDetectors.creditCard]))
        #expect(engine.databaseSize == 0)
        #expect(try engine.scan("pay 4111 1111 1111 1111 now").count == 1)
        let stream = try engine.makeStream()
        var findings = try stream.write("pay 4111 1111 11")
        findings += try stream.write("11 1111 now")
        findings += try stream.finish()
        #expect(findings.count == 1)
        let candidates = try Array("4111 1111 1111 1111".utf8).withUnsafeBytes { bytes in
            Result { () throws(EngineError) in try engine.rawCandidateScan(bytes) }
        }.get()
        #expect(candidates == 1)  // four groups of four: only the grouped card pattern's shape admits the run
    }
}
