import Foundation
import Testing
@testable import WorkjetEngine

/// The byte-level helpers on the confirmation path: entropy and the keyword/stopword search.
@Suite struct PrimitivesTests {
    /// The textbook definition, for comparison.
    static func naiveEntropy(_ bytes: [UInt8]) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for b in bytes { counts[Int(b)] += 1 }
        let n = Double(bytes.count)
        return counts.filter { $0 > 0 }.reduce(0.0) { h, c in
            let p = Double(c) / n
            return h - p * log2(p)
        }
    }

    @Test func entropyOfKnownStrings() {
        #expect(Entropy.shannon("") == 0)
        #expect(Entropy.shannon("aaaaaaaa") == 0)
        #expect(abs(Entropy.shannon("abababab") - 1) < 1e-12)
        #expect(abs(Entropy.shannon("abcd") - 2) < 1e-12)
        let all = (0...255).map { UInt8($0) }
        #expect(abs(all.withUnsafeBytes { Entropy.shannon($0) } - 8) < 1e-12)
    }

    @Test func entropyEqualsTheDefinitionOnRandomInput() {
        var rng = SystemRandomNumberGenerator()
        for length in [1, 2, 7, 40, 128, 600, 5000] {
            let alphabet = Int.random(in: 1...256, using: &rng)
            let bytes = (0..<length).map { _ in UInt8(Int.random(in: 0..<alphabet, using: &rng)) }
            let fast = bytes.withUnsafeBytes { Entropy.shannon($0) }
            #expect(abs(fast - Self.naiveEntropy(bytes)) < 1e-9, "length \(length), alphabet \(alphabet)")
        }
    }

    /// The floor check answers exactly as `shannon(value) < floor`, at floors on, just above and just
    /// below the value's own entropy and its two bounds, and for uniform values (entropy exactly log2 k).
    @Test func entropyFloorCheckAgreesWithShannon() {
        var rng = SeededRandom(seed: 3)
        var values: [[UInt8]] = [Array("changeme".utf8), Array("abcdabcd".utf8), Array("aaaaaaaa".utf8), [7], Array(0...255)]
        for _ in 0..<400 {
            let alphabet = Int.random(in: 1...90, using: &rng)
            values.append((0..<Int.random(in: 1...200, using: &rng)).map { _ in UInt8(33 + Int.random(in: 0..<alphabet, using: &rng)) })
        }
        values.append([UInt8](repeating: 65, count: 2000) + Array("xyz".utf8))
        for value in values {
            value.withUnsafeBytes { bytes in
                let h = Entropy.shannon(bytes)
                let kinds = Set(value).count
                let top = Dictionary(value.map { ($0, 1) }, uniquingKeysWith: +).values.max()!
                let bounds = [h, log2(Double(kinds)), log2(Double(value.count) / Double(top)), 3.0, 4.0, 0, 8]
                for floor in bounds.flatMap({ [$0, $0.nextUp, $0.nextDown, $0 + 1e-10, $0 - 1e-10] }) {
                    #expect(Entropy.isBelow(floor, bytes) == (h < floor), "\(value.count) bytes, floor \(floor), entropy \(h)")
                }
            }
        }
    }

    @Test func needleSetFindsWordsCaseInsensitively() {
        let set = NeedleSet(["ssn", "Social Security", "tin:", "x"])
        func occurs(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { set.occurs(in: $0) } }
        #expect(occurs("my SSN is"))
        #expect(occurs("SOCIAL SECURITY no"))
        #expect(occurs("tax TIN: 1"))
        #expect(occurs("x"))
        #expect(!occurs("social  security"))
        #expect(!occurs("ss"))
        #expect(!occurs(""))
        #expect(!occurs("tin"))
        // A word that would run past the end of the haystack is not found.
        #expect(!occurs("the ss"))
        #expect(NeedleSet([]).occurs(in: UnsafeRawBufferPointer(start: nil, count: 0)) == false)
    }

    @Test func needleSetAgreesWithANaiveSearch() {
        var rng = SeededRandom(seed: 91)
        let alphabet = Array("aAbBsSnN:- \u{0}".utf8) + [0xC3, 0xA9]
        for _ in 0..<1500 {
            let words = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                String(decoding: (0..<Int.random(in: 1...4, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self)
            }
            let set = NeedleSet(words)
            let lowered = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
            // Up to 100 bytes: windows shorter than one 32-position step, full steps, and the overlapping last step.
            let haystack = (0..<Int.random(in: 0...100, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let folded = haystack.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }
            let naive = lowered.contains { word in
                word.count <= folded.count && (0...(folded.count - word.count)).contains { Array(folded[$0..<($0 + word.count)]) == word }
            }
            #expect(haystack.withUnsafeBytes { set.occurs(in: $0) } == naive, "\(words) in \(haystack)")
        }
    }

    /// The vector pair search (32 positions a step where the CPU has AVX2) finds the same positions as a
    /// byte-at-a-time walk through the pair table, from every start, at every length around a step.
    @Test func vectorPairSearchAgreesWithTheBytewiseOne() {
        var rng = SeededRandom(seed: 17)
        let alphabet = Array("aAbBsSnNtT:- _\u{0}\n".utf8) + [0xC3, 0xA9, 0x80, 0xFF, 0x1F]
        for _ in 0..<300 {
            let words = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                String(decoding: (0..<Int.random(in: 1...5, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self)
            }
            let set = NeedleSet(words)
            let haystack = (0..<Int.random(in: 0...130, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            haystack.withUnsafeBytes { bytes in
                for start in 0...haystack.count {
                    let vector = set.nextPair(in: bytes, from: start, portable: false)
                    let portable = set.nextPair(in: bytes, from: start, portable: true)
                    #expect(vector == portable, "\(words) in \(haystack) from \(start)")
                }
            }
        }
    }

    /// The scan path's allowlist answers exactly as `Set<String>.contains(String(decoding:))`, canonical
    /// equivalence, replaced invalid UTF-8 and all.
    @Test func byteAllowlistAnswersAsTheStringSet() {
        let sets: [Set<String>] = [
            [], ["AKIAIOSFODNN7EXAMPLE"], ["KEY", "ab", "abc", "b", "zz", "a b"], ["caf\u{E9}", "KEY"], ["\u{212A}EY"],
            ["\u{FFFD}A"], Set((0..<40).map { "key-\($0 * 7)" }),
        ]
        var values: [[UInt8]] = ["KEY", "\u{212A}EY", "caf\u{E9}", "cafe\u{301}", "ab", "abd", "b", "", "a b", "AKIAIOSFODNN7EXAMPLE",
                                 "AKIAIOSFODNN7EXAMPLF", "key-0", "key-7", "key-8", "key-273", "key-280"].map { Array($0.utf8) }
        values += [[0xFF, 0x41], [0xEF, 0xBF, 0xBD, 0x41], [0x4B, 0x45, 0x59, 0x80]]
        var rng = SeededRandom(seed: 5)
        for _ in 0..<200 { values.append((0..<Int.random(in: 0...4, using: &rng)).map { _ in Array("abKEYz".utf8).randomElement(using: &rng)! }) }
        for set in sets {
            let allowlist = ByteAllowlist(set)
            for value in values {
                let expected = set.contains(String(decoding: value, as: UTF8.self))
                #expect(value.withUnsafeBytes { allowlist.contains($0) } == expected, "\(value) in \(set)")
            }
        }
    }

    /// The phone validator's rules, value by value: NANP area codes and exchanges, E.164 country codes and
    /// national lengths, Italy's leading zero, extensions, bare ten-digit runs only with a keyword.
    @Test func phoneValidatorRules() {
        let validator = PhoneValidator()
        func verdict(_ text: String, keyword: Bool = false) -> ValidationResult {
            Array(text.utf8).withUnsafeBytes { validator.validate($0, context: DetectionContext(hasContextKeyword: keyword, patternIndex: 0)) }
        }
        #expect(verdict("(415) 555-0134") == .valid)
        #expect(verdict("1-415-555-0134") == .valid)
        #expect(verdict("415.555.0134 x123") == .valid)
        #expect(verdict("(115) 555-0134") == .invalid)  // area code starts with 1
        #expect(verdict("(415) 155-0134") == .invalid)  // exchange starts with 1
        #expect(verdict("(411) 555-0134") == .invalid)  // N11
        #expect(verdict("(491) 555-0134") == .invalid)  // x9x
        #expect(verdict("4155550134") == .invalid)
        #expect(verdict("4155550134", keyword: true) == .valid)
        #expect(verdict("+1 415 555 0134") == .valid)
        #expect(verdict("+1 115 555 0134") == .invalid)
        #expect(verdict("+44 20 7946 0958") == .valid)
        #expect(verdict("+44 20 7946 09") == .invalid)  // 8 national digits: the UK has 9-10
        #expect(verdict("+39 06 1234 5678") == .valid)  // Italy keeps its leading zero
        #expect(verdict("+33 06 12 34 56 78") == .invalid)  // elsewhere a national number does not start with 0
        #expect(verdict("+49 30 1234567") == .valid)
        #expect(verdict("+358 40 1234567") == .valid)
        #expect(verdict("+999 1234 5678") == .invalid)  // no country has the code
        #expect(verdict("+0 415 555 0134") == .invalid)
        #expect(verdict("+1 234 567") == .invalid)  // too short for E.164 here
        #expect(verdict("01632 960 001") == .plausible)  // a national format
        #expect(verdict("00632 960 001") == .invalid)
    }

    /// The engine judges a ``PatternDetector``'s values through ``PatternRules``: the same verdict as the
    /// detector's own `evaluate`, for every built-in, with and without a keyword, allowlisted keys included.
    @Test func patternRulesJudgeAsTheDetectorDoes() {
        var values = [BuiltinDetectors.awsExampleAccessKey, BuiltinDetectors.awsExampleSecret, "", "aaaaaaaaaaaaaaaa", "${TOKEN}",
                      "4111 1111 1111 1111", "4111111111111112", "+44 20 7946 0958", "+1 415 555 0134", "(415) 555-0134", "078-05-1120",
                      "123-45-6780", "jane@example.com", "x9Kq2LmZ8vRt4WbN", "\u{212A}EY"]
        var rng = SeededRandom(seed: 23)
        let alphabet = Array("0123456789 -+()abcXYZ/=._@".utf8)
        for _ in 0..<300 { values.append(String(decoding: (0..<Int.random(in: 1...44, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self)) }
        for options in [BuiltinOptions(), BuiltinOptions(allowlistAWSExampleKeys: false)] {
            for case let detector as PatternDetector in DetectorRegistry.builtins(options: options).detectors {
                let rules = PatternRules(detector)
                for value in values + detector.examples + detector.negativeExamples {
                    for keyword in [false, true] {
                        for index in detector.patterns.indices {
                            let context = DetectionContext(hasContextKeyword: keyword, patternIndex: index)
                            let bytes = Array(value.utf8)
                            let expected = bytes.withUnsafeBytes { detector.evaluate(value: $0, context: context) }
                            #expect(bytes.withUnsafeBytes { rules.evaluate($0, context: context) } == expected, "\(detector.id): \(value)")
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: [3, 24, 25, 400, 5000])
    func sortingByPositionIsAStableSort(count: Int) {
        var rng = SeededRandom(seed: UInt64(count))
        // Few distinct starts and ends, so that equal spans (kept in arrival order) are common.
        let findings = (0..<count).map { i -> Finding in
            let start = Int.random(in: 0..<(count * 2), using: &rng)
            return Finding(
                entityType: "T", detectorID: "d\(i)", start: start, end: start + Int.random(in: 1...3, using: &rng),
                confidence: 1, validated: false)
        }
        func sortedByPosition(_ findings: [Finding]) -> [Finding] {
            withUnsafeTemporaryAllocation(of: Int.self, capacity: findings.count) { order in
                OverlapResolver.positionOrder(findings, into: order)
                return order.map { findings[$0] }
            }
        }
        let sorted = sortedByPosition(findings)
        let expected = findings.enumerated().sorted { ($0.element.start, $0.element.end, $0.offset) < ($1.element.start, $1.element.end, $1.offset) }
        #expect(sorted.map(\.detectorID) == expected.map(\.element.detectorID))
        // Offsets too large to pack take the general path, with the same order.
        let far = sortedByPosition(findings.map { Finding(entityType: $0.entityType, detectorID: $0.detectorID, start: $0.start + (1 << 40), end: $0.end + (1 << 40), confidence: 1, validated: false) })
        #expect(far.map(\.detectorID) == expected.map(\.element.detectorID))
    }

    /// The resolver (indexes, swaps) keeps exactly what the plain definition keeps: sort by position, cut
    /// into runs of overlapping findings, and in each run take findings in rank order unless they overlap
    /// one already taken.
    @Test(arguments: [2, 5, 24, 25, 300, 3000])
    func resolvingOverlapsMatchesThePlainDefinition(count: Int) {
        var rng = SeededRandom(seed: UInt64(count) &* 7919)
        for round in 0..<20 {
            let spread = round % 2 == 0 ? count * 4 : count / 2 + 1  // sparse, then crowded
            let findings = (0..<count).map { _ -> Finding in
                let start = Int.random(in: 0..<spread, using: &rng) + (round % 5 == 4 ? 1 << 40 : 0)
                return Finding(
                    entityType: "T", detectorID: ["a", "b", "c"].randomElement(using: &rng)!, start: start,
                    end: start + Int.random(in: 1...6, using: &rng), confidence: [0.5, 0.7, 0.9].randomElement(using: &rng)!,
                    validated: Bool.random(using: &rng))
            }
            var resolved = findings
            OverlapResolver.resolve(&resolved)
            #expect(resolved == Self.plainResolution(findings), "round \(round) of \(count)")
        }
    }

    private static func plainResolution(_ findings: [Finding]) -> [Finding] {
        let sorted = findings.enumerated().sorted { ($0.element.start, $0.element.end, $0.offset) < ($1.element.start, $1.element.end, $1.offset) }
            .map(\.element)
        var result: [Finding] = []
        var i = 0
        while i < sorted.count {
            var j = i + 1, maxEnd = sorted[i].end
            while j < sorted.count && sorted[j].start < maxEnd {
                maxEnd = max(maxEnd, sorted[j].end)
                j += 1
            }
            var accepted: [Finding] = []
            for candidate in sorted[i..<j].sorted(by: OverlapResolver.outranks)
            where !accepted.contains(where: { $0.start < candidate.end && candidate.start < $0.end }) {
                accepted.append(candidate)
            }
            result += accepted.sorted { $0.start < $1.start }
            i = j
        }
        return result
    }

    /// The card validator's one-pass Luhn agrees with ``Luhn`` (a backwards pass over the digits) on random
    /// numbers of every length and brand prefix, plain and grouped.
    @Test func cardValidatorAgreesWithTheLuhnDefinition() {
        var rng = SeededRandom(seed: 93)
        let prefixes = ["4", "51", "55", "2221", "34", "37", "6011", "65", "3528", "62", "36", "5018", "9", "1", "0", "7", "8", "2", "3", ""]
        var valid = 0
        for _ in 0..<4000 {
            let length = Int.random(in: 10...21, using: &rng)
            var digits = Array(prefixes.randomElement(using: &rng)!.utf8).map { $0 - 48 }
            while digits.count < length { digits.append(UInt8.random(in: 0...9, using: &rng)) }
            var text = digits.map { Character(String($0)) }.map(String.init).joined()
            if Bool.random(using: &rng) {
                text = stride(from: 0, to: text.count, by: 4).map { String(Array(text)[$0..<min($0 + 4, text.count)]) }.joined(separator: " ")
            }
            let prefix6 = digits.prefix(6).reduce(0) { $0 * 10 + Int($1) }
            let expected = (12...19).contains(length) && Set(digits).count > 1
                && CardValidator.brandAccepts(prefix6: prefix6, length: length) && Luhn.isValid(digits)
            let result = text.utf8.withContiguousStorageIfAvailable {
                CardValidator().validate(UnsafeRawBufferPointer($0), context: DetectionContext(hasContextKeyword: false, patternIndex: 0))
            }
            #expect((result == .valid) == expected, "\(text)")
            if expected { valid += 1 }
        }
        #expect(valid > 50)
    }

    /// The card validator turns a value away at its first digit when that digit is not 2-6: no brand of the
    /// table issues a number starting otherwise, at any length.
    @Test func noCardBrandStartsWithZeroOneSevenEightOrNine() {
        for prefix6 in 0..<1_000_000 where !(200_000..<700_000).contains(prefix6) {
            for length in 12...19 where CardValidator.brandAccepts(prefix6: prefix6, length: length) {
                Issue.record("a brand accepts \(prefix6) at length \(length)")
                return
            }
        }
        let context = DetectionContext(hasContextKeyword: false, patternIndex: 0)
        for (text, valid) in [("4111 1111 1111 1111", true), ("1111 1111 1111 1117", false), ("7111111111111114", false), ("2223000048400011", true)] {
            let result = Array(text.utf8).withUnsafeBytes { CardValidator().validate($0, context: context) }
            #expect((result == .valid) == valid, "\(text)")
        }
    }

    /// The word-at-a-time digit test after a digit pattern's match agrees with a byte loop, for bytes next to
    /// the digits in ASCII and with the high bit set, and answers yes past the end of the subject.
    @Test func digitMayFollowAgreesWithAByteLoop() {
        var rng = SeededRandom(seed: 94)
        let alphabet: [UInt8] = [0x2F, 0x3A, 0x30, 0x39, 0x35, 0xB0, 0xB9, 0x20, 0x2D, 0x00, 0xFF, 0x0A, 0x41, 0x7F]
        for _ in 0..<3000 {
            let count = Int.random(in: 1...40, using: &rng)
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<6, using: &rng) == 0 ? alphabet[Int.random(in: 2...4, using: &rng)]
                    : alphabet[[0, 1, 5, 6, 7, 8, 9, 10, 11, 12, 13].randomElement(using: &rng)!]
            }
            let from = Int.random(in: 0..<count, using: &rng), through = Int.random(in: from..<(count + 4), using: &rng)
            let expected = through >= count || bytes[from...through].contains(where: ASCII.isDigit)
            #expect(bytes.withUnsafeBytes { Confirmer.digitMayFollow(in: $0, from: from, through: through) } == expected, "\(bytes) \(from) \(through)")
        }
    }

    /// Digit matches one after another in one cluster, the last at the very end of the input (where the
    /// digit test cannot see past the limit): each is found, as the reference finds it.
    @Test func digitMatchesInARowAreAllFound() throws {
        for text in ["ssn 536-22-8745 536-22-8746", "536-22-8745 536-22-8746 x", "call (415) 555-0134, (212) 555-0199",
                     "4111 1111 1111 1111, 5500-0000-0000-0004", "+44 20 7946 0958 +1 415 555 0134"] {
            let findings = try builtinEngine.scan(text)
            #expect(findings == builtinEngine.referenceScan(text), "\(text)")
            #expect(findings.count == 2, "\(text)")
        }
    }

    @Test func afterLastNULAgreesWithAByteLoop() {
        var rng = SeededRandom(seed: 92)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in Int.random(in: 0..<12, using: &rng) == 0 ? UInt8(0) : UInt8(65) }
            let upper = Int.random(in: 0...bytes.count, using: &rng), lower = Int.random(in: 0...upper, using: &rng)
            let expected = (lower..<upper).last { bytes[$0] == 0 }.map { $0 + 1 } ?? lower
            #expect(bytes.withUnsafeBytes { Confirmer.afterLastNUL(in: $0, from: lower, to: upper) } == expected, "\(bytes) \(lower) \(upper)")
        }
    }

    @Test func contextKeywordsStopAtTheWindowAndAtNUL() {
        let keywords = NeedleSet(["ssn"])
        func has(_ text: String, window: Int) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBytes { Confirmer.containsKeyword(keywords, in: $0, before: bytes.count, window: window) }
        }
        #expect(has("ssn ", window: 4))
        #expect(!has("ssn ", window: 3))
        #expect(!has("ssn\u{0} ", window: 10))
        #expect(has("\u{0}ssn ", window: 10))
    }

    @Test func redactionLabelsAreNotContext() throws {
        // "[US_SSN]" contains the keyword "ssn", "[PHONE_NUMBER]" the keyword "phone": neither vouches for a bare number.
        #expect(try builtinEngine.scan("[US_SSN] 536228745").isEmpty)
        #expect(try builtinEngine.scan("ssn 536228745").map(\.entityType) == [.usSSN])
        #expect(try builtinEngine.scan("[ssn] 536228745").map(\.entityType) == [.usSSN], "lower case in brackets is text, not a label")
        let bytes = Array("x[US_SSN]y ssn".utf8)
        bytes.withUnsafeBytes { subject in
            #expect(Confirmer.isInsideRedactionLabel(subject, start: 5, end: 8))
            #expect(!Confirmer.isInsideRedactionLabel(subject, start: 11, end: 14))
        }
    }

    @Test func redactingAListOfBareNumbersSettles() throws {
        // Only the numbers within 48 bytes of "SSN" have context; redacting them must not give context
        // to the next one through the labels (the json fuzzer's ssn-label-context-chain case).
        let text = "SSN 536228745 412345671 412345672 412345673 412345674 412345675 412345676"
        let result = try builtinEngine.redact(text, policy: Policy())
        #expect(result.complete)
        #expect(result.text.contains("412345675") && result.text.contains("412345676"))
        #expect(try builtinEngine.scan(result.text).filter { $0.entityType == .usSSN }.isEmpty)
    }

    /// The streaming header check agrees with its definition: decode the header (``Base64URL/decode(_:)``),
    /// then `{` first and `"alg"` somewhere, on random headers near the valid ones.
    @Test func jwtValidatorAgreesWithDecodingTheHeader() {
        var rng = SeededRandom(seed: 95)
        let parts = [#"{"#, #""alg""#, #""al"#, #"g""#, #""typ":"JWT""#, #":"HS256""#, ",", "}", "[", "x", #"""#, "é"]
        let context = DetectionContext(hasContextKeyword: false, patternIndex: 0)
        var valid = 0
        for _ in 0..<3000 {
            var header = (0..<Int.random(in: 0...6, using: &rng)).map { _ in parts.randomElement(using: &rng)! }.joined()
            if Bool.random(using: &rng) { header = "{" + header }
            var encoded = Array(Array(header.utf8).base64URL.utf8)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0 where !encoded.isEmpty: encoded[Int.random(in: 0..<encoded.count, using: &rng)] = UInt8(ascii: "!")
            case 1: encoded += Array("==".utf8)
            case 2 where !encoded.isEmpty: encoded.removeLast()
            default: break
            }
            let token = encoded + Array(".eyJzdWIiOiJ4In0.sig".utf8)
            let expected: ValidationResult = encoded.withUnsafeBytes { bytes in
                guard let decoded = Base64URL.decode(bytes[...]), decoded.first == UInt8(ascii: "{") else { return .invalid }
                let key = Array(#""alg""#.utf8)
                return decoded.count >= key.count && (0...(decoded.count - key.count)).contains { Array(decoded[$0..<$0 + key.count]) == key }
                    ? .valid : .invalid
            }
            let result = token.withUnsafeBytes { JWTValidator().validate($0, context: context) }
            #expect(result == expected, "\(header) \(String(decoding: encoded, as: UTF8.self))")
            if expected == .valid { valid += 1 }
        }
        #expect(valid > 200)
    }

    @Test func jwtHeaderMustBeAnObjectNamingItsAlgorithm() {
        func check(_ header: String) -> ValidationResult {
            // base64url without padding, then a payload and signature that the validator does not read.
            let encoded = Array(header.utf8).base64URL
            let token = Array((encoded + ".eyJzdWIiOiJ4In0.sig").utf8)
            return token.withUnsafeBytes { JWTValidator().validate($0, context: DetectionContext(hasContextKeyword: false, patternIndex: 0)) }
        }
        #expect(check(#"{"alg":"HS256","typ":"JWT"}"#) == .valid)
        #expect(check(#"{"typ":"JWT","alg":"none"}"#) == .valid)
        #expect(check(#"{"typ":"JWT"}"#) == .invalid)
        #expect(check(#"["alg"]"#) == .invalid)
        #expect(check(#"{"#) == .invalid)
    }
}

extension Array where Element == UInt8 {
    /// Base64url without padding (test helper).
    var base64URL: String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < count {
            let chunk = Array(self[i..<Swift.min(i + 3, count)])
            let n = (UInt32(chunk[0]) << 16) | (chunk.count > 1 ? UInt32(chunk[1]) << 8 : 0) | (chunk.count > 2 ? UInt32(chunk[2]) : 0)
            for k in 0...chunk.count { out.append(alphabet[Int((n >> (18 - 6 * UInt32(k))) & 63)]) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
