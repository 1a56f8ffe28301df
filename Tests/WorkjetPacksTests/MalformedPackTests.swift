import Foundation
import Testing
import WorkjetEngine
import WorkjetPacks

/// Broken packs are rejected whole, with the right code, file, rule and line; nothing crashes.
@Suite struct MalformedPackTests {
    static let valid = """
        pack: test-pack
        rules:
          - id: employee_id
            type: EMPLOYEE_ID
            pattern: '\\bEMP-[0-9]{6}\\b'
            examples: ["badge EMP-123456"]
        """

    @Test func validPackLoads() throws {
        let pack = try PatternPack.parse(yaml: Self.valid, source: "test.yaml")
        #expect(pack.name == "test-pack")
        #expect(pack.description == "")
        #expect(pack.source == "test.yaml")
        #expect(pack.detectors.map(\.id) == ["employee_id"])
        #expect(pack.detectors[0].baseConfidence == 0.8)
    }

    @Test func fullRuleSyntaxIsUnderstood() throws {
        let pack = try PatternPack.parse(yaml: """
            pack: full
            description: every field
            rules:
              - id: order_token
                type: ORDER_TOKEN
                patterns:
                  - 'ord_[a-z]{4}'
                  - {regex: 'order=(?<secret>[A-Z0-9]{10})', secret_group: secret, case_insensitive: true, confidence: 0.6, requires_context: true}
                context: {keywords: [Order, checkout], window: 32, boost: 0.1}
                min_entropy: 2.5
                allowlist: [ord_test]
                validator: placeholder
                examples: ["ord_abcd"]
                negative_examples: ["ord_ab"]
            """, source: "full.yaml")
        let detector = try #require(pack.detectors.first)
        #expect(detector.patterns.count == 2)
        #expect(detector.patterns[1].secretGroup == .name("secret"))
        #expect(detector.patterns[1].caseInsensitive)
        #expect(detector.patterns[1].confidence == 0.6)
        #expect(detector.patterns[1].requiresContext)
        #expect(!detector.patterns[0].requiresContext)
        #expect(detector.context == ContextRule(keywords: ["order", "checkout"], window: 32, boost: 0.1))
        #expect(detector.minimumEntropy == 2.5)
        #expect(detector.allowlist == ["ord_test"])
        #expect(detector.validator is PlaceholderFilter)
    }

    @Test(arguments: [
        ("pack: [unclosed", PackError.Code.invalidYAML),
        ("", .invalidYAML),
        ("- just\n- a list\n", .invalidYAML),
        ("rules: []\n", .missingField),
        ("pack: p\n", .missingField),
        ("pack: p\nrules: []\n", .invalidField),
        ("pack: p\nrulez: []\n", .invalidField),
        ("pack: Bad Name\nrules: [{id: a, type: A, pattern: a}]\n", .invalidField),
    ])
    func packLevelErrors(yaml: String, code: PackError.Code) {
        let error = TestSupport.packError(yaml)
        #expect(error?.code == code, "\(String(describing: error))")
        #expect(error?.source == "test.yaml")
    }

    @Test func badYAMLReportsTheLine() throws {
        let error = try #require(TestSupport.packError("pack: p\nrules:\n  - id: a\n    type: [A\n"))
        #expect(error.code == .invalidYAML)
        #expect(error.line != nil)
    }

    @Test func missingIDNamesTheRuleAndLine() throws {
        let error = try #require(TestSupport.packError("pack: p\nrules:\n  - id: ok\n    type: A\n    pattern: x1\n  - type: B\n    pattern: x2\n"))
        #expect(error.code == .missingField)
        #expect(error.message.contains("rule 2"))
        #expect(error.line == 6)
    }

    @Test(arguments: [
        ("id: Employee-ID\n    type: A\n    pattern: x", PackError.Code.invalidField),
        ("id: a\n    type: lower\n    pattern: x", .invalidField),
        ("id: a\n    type: A", .missingField),
        ("id: a\n    type: A\n    pattern: x\n    patterns: [y]", .invalidField),
        ("id: a\n    type: A\n    patterns: []", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    confidence: 1.5", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    confidence: high", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    min_entropy: 9", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    examples: not a list", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    negative_examples: {a: b}", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    examples: [[nested]]", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    case_insensitive: maybe", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    secret_group: 0", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    validator: crc32", .unknownValidator),
        ("id: a\n    type: A\n    pattern: x\n    patern_typo: y", .invalidField),
        ("id: a\n    type: A\n    pattern: x\n    requires_context: true", .missingField),
        ("id: a\n    type: A\n    pattern: x\n    context: {window: 10}", .missingField),
        ("id: a\n    type: A\n    pattern: x\n    context: {keywords: [k], window: 99999}", .invalidField),
        ("id: a\n    type: A\n    patterns: [{secret_group: 1}]", .missingField),
    ])
    func ruleErrors(rule: String, code: PackError.Code) {
        let error = TestSupport.packError("pack: p\nrules:\n  - \(rule)\n")
        #expect(error?.code == code, "\(String(describing: error))")
        if code != .invalidField || !rule.hasPrefix("id: Employee") { #expect(error?.ruleID == "a") }
    }

    @Test func unknownValidatorListsTheKnownOnes() throws {
        let error = try #require(TestSupport.packError("pack: p\nrules:\n  - id: a\n    type: A\n    pattern: x\n    validator: crc32\n"))
        #expect(error.message.contains("crc32"))
        #expect(error.message.contains("iban"))
        #expect(error.line == 6)
    }

    @Test func invalidRegexNamesRuleAndOffset() throws {
        let yaml = "pack: p\nrules:\n  - id: good\n    type: A\n    pattern: 'ok[0-9]'\n  - id: broken\n    type: B\n    patterns:\n      - 'fine'\n      - 'abc(def'\n"
        let error = try #require(TestSupport.packError(yaml))
        #expect(error.code == .invalidPattern)
        #expect(error.ruleID == "broken")
        #expect(error.line == 10)
        #expect(error.message.contains("pattern 2"))
        #expect(error.message.contains("abc(def"))
        #expect(error.message.contains("offset"))
        #expect(error.description.contains("test.yaml:10"))
    }

    @Test(arguments: ["'a*'", "'(?:x)?'", "'\\b'"])
    func patternMatchingTheEmptyStringIsRejected(pattern: String) throws {
        let error = try #require(TestSupport.packError("pack: p\nrules:\n  - id: empty\n    type: A\n    pattern: \(pattern)\n"))
        #expect(error.code == .invalidPattern)
        #expect(error.ruleID == "empty")
    }

    @Test func missingSecretGroupIsAnInvalidPattern() throws {
        let error = try #require(TestSupport.packError("pack: p\nrules:\n  - id: a\n    type: A\n    pattern: 'k=([0-9]+)'\n    secret_group: nope\n"))
        #expect(error.code == .invalidPattern)
        #expect(error.ruleID == "a")
    }

    @Test func duplicateIDInOnePack() throws {
        let error = try #require(TestSupport.packError("pack: p\nrules:\n  - {id: a, type: A, pattern: x1}\n  - {id: a, type: A, pattern: x2}\n"))
        #expect(error.code == .duplicateID)
        #expect(error.ruleID == "a")
        #expect(error.line == 4)
    }

    @Test func duplicateOfABuiltinID() throws {
        let error = try #require(TestSupport.packError("pack: p\nrules:\n  - {id: credit_card, type: A, pattern: x1}\n"))
        #expect(error.code == .duplicateID)
        #expect(error.message.contains("built-in"))
    }

    @Test func duplicateIDAcrossPacksInADirectory() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "pack: one\nrules:\n  - {id: shared, type: A, pattern: x1}\n".write(toFile: directory + "/one.yaml", atomically: true, encoding: .utf8)
        try "pack: two\nrules:\n  - {id: shared, type: B, pattern: x2}\n".write(toFile: directory + "/two.yml", atomically: true, encoding: .utf8)
        try "not: a pack".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
        #expect {
            _ = try PatternPack.loadDirectory(directory)
        } throws: { error in
            guard let error = error as? PackError else { return false }
            return error.code == .duplicateID && error.ruleID == "shared" && error.source.hasSuffix("two.yml")
                && error.message.contains("one.yaml")
        }
    }

    @Test func duplicateIDAgainstAGivenRegistry() throws {
        let pack = try PatternPack.parse(yaml: Self.valid, source: "test.yaml")
        var registry = DetectorRegistry.builtins()
        try PatternPack.register([pack], into: &registry)
        let before = registry.ids
        #expect(throws: PackError.self) { try PatternPack.register([pack], into: &registry) }
        #expect(registry.ids == before, "a failed registration changes nothing")
    }

    @Test func loadingMissingFilesIsAnIOError() {
        #expect {
            _ = try PatternPack.load(path: "/nonexistent/pack.yaml")
        } throws: { ($0 as? PackError)?.code == .io }
        #expect {
            _ = try PatternPack.loadDirectory("/nonexistent")
        } throws: { ($0 as? PackError)?.code == .io }
    }

    @Test func hostileInputNeverCrashes() {
        let inputs = [
            "pack: p\nrules:\n  - &a {id: a, type: A, pattern: x}\n  - *a\n",
            "pack: p\nrules: [1, 2, 3]\n", "pack: p\nrules: {a: b}\n", "pack: {x: y}\nrules: []\n",
            "pack: p\nrules:\n  - id: a\n    type: A\n    pattern: ''\n", "pack: p\nrules:\n  - id: a\n    type: A\n    pattern: ~\n",
            "pack: p\nrules:\n  - id: a\n    type: A\n    patterns: [[x]]\n", String(repeating: "[", count: 10_000),
            "pack: p\nrules:\n  - id: a\n    type: A\n    pattern: '(?<=a+)b'\n",
            "pack: p\nrules:\n  - id: a\n    type: A\n    pattern: x\n    context: {keywords: ['  ']}\n",
            "\u{0}\u{1}\u{2}", "pack: p\npack: q\nrules: []\n",
        ]
        for input in inputs { #expect(TestSupport.packError(input) != nil, "\(input.prefix(60))") }
    }
}
