import Synchronization
import Testing
@testable import WorkjetEngine

@Suite struct RegistryTests {
    func detector(_ id: String, _ regex: String, group: SecretGroup? = nil) -> PatternDetector {
        PatternDetector(id: id, entityType: "CUSTOM", patterns: [DetectorPattern(regex, secretGroup: group)])
    }

    /// A validator that records the keyword flag it was given and accepts values that end in an even digit.
    struct FlagRecordingValidator: Validator {
        final class Flags: Sendable { let seen = Mutex<[Bool]>([]) }
        let reads: Bool
        let flags = Flags()
        var readsContextKeyword: Bool { reads }
        func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult {
            flags.seen.withLock { $0.append(context.hasContextKeyword) }
            return (value.last! - 48) % 2 == 0 ? .valid : .invalid
        }
    }

    @Test(arguments: [true, false])
    func contextKeywordsRaiseConfidenceWhicheverComesFirst(validatorReadsKeyword: Bool) throws {
        let validator = FlagRecordingValidator(reads: validatorReadsKeyword)
        let order = PatternDetector(
            id: "order_ref", entityType: "CUSTOM", patterns: [DetectorPattern(#"\bORD-[0-9]{6}\b"#)], baseConfidence: 0.5,
            context: ContextRule(keywords: ["order"], window: 16, boost: 0.3), validator: validator)
        let engine = try Engine(registry: DetectorRegistry([order]))
        let text = "order ORD-123456, then ORD-123457 and later ORD-654322"
        let findings = try engine.scan(text)
        // The odd one is rejected; the first has the keyword within 16 bytes, the last does not.
        #expect(findings.map(\.start) == [6, 44])
        #expect(abs(findings[0].confidence - 0.8) < 1e-9 && abs(findings[1].confidence - 0.5) < 1e-9)
        let seen = validator.flags.seen.withLock { $0 }
        // A validator that reads the flag sees it; one that does not is called first, with `false`.
        #expect(seen == (validatorReadsKeyword ? [true, false, false] : [false, false, false]))
    }

    @Test func aNewEngineHasScannedItsExamplesAlready() throws {
        // The warm-up leaves the scratch it used in the pool: the first real scan allocates nothing.
        #expect(try Engine().pooledBlockScratches == 1)
        // An engine whose detectors have no examples has nothing to warm up with, and works all the same.
        let bare = try Engine(registry: DetectorRegistry([detector("bare", "zz[0-9]{3}")]))
        #expect(bare.pooledBlockScratches == 0)
        #expect(try bare.scan("a zz123 b").map(\.detectorID) == ["bare"])
    }

    @Test func duplicateIDsAreRejected() throws {
        var registry = DetectorRegistry.builtins()
        let error = #expect(throws: EngineError.self) { try registry.register(detector("credit_card", "x{3}")) }
        #expect(error?.code == .duplicateDetector)
        #expect(error?.message.contains("credit_card") == true)
    }

    @Test(arguments: ["", "Bad-Id", "has space", "UPPER"])
    func malformedIDsAreRejected(_ id: String) {
        var registry = DetectorRegistry()
        #expect(throws: EngineError.self) { try registry.register(detector(id, "abc")) }
    }

    @Test func invalidRegexNamesRuleIDPatternAndOffset() {
        var registry = DetectorRegistry()
        #expect(throws: Never.self) { try registry.register(detector("broken", "ab(c")) }
        let error = #expect(throws: EngineError.self) { try Engine(registry: registry) }
        #expect(error?.code == .invalidPattern)
        #expect(error?.message.contains("broken") == true)
        #expect(error?.message.contains("ab(c") == true)
        #expect(error?.message.contains("offset 4") == true)
    }

    @Test func emptyMatchingPatternIsRejected() throws {
        let registry = try DetectorRegistry([detector("empty", "a*")])
        let error = #expect(throws: EngineError.self) { try Engine(registry: registry) }
        #expect(error?.message.contains("empty string") == true)
    }

    @Test func missingCaptureGroupIsRejected() throws {
        let registry = try DetectorRegistry([detector("nogroup", "key=([a-z]+)", group: .name("secret"))])
        let error = #expect(throws: EngineError.self) { try Engine(registry: registry) }
        #expect(error?.message.contains("secret") == true)
    }

    @Test func lookaroundAndBackreferencesArePrefilteredAndConfirmedByPCRE2() throws {
        let registry = try DetectorRegistry([
            detector("lookbehind", #"(?<=order:)[0-9]{6}"#),
            detector("backref", #"\b([a-z]{3})-\1\b"#),
        ])
        let engine = try Engine(registry: registry)
        #expect(engine.patternCounts.prefiltered == 2)
        let text = "order:123456 ref:654321 abc-abc abc-abd"
        let found = try engine.scan(text).map { value(of: $0, in: text) }
        #expect(found == ["123456", "abc-abc"])
    }

    @Test func oneBadPatternLeavesNoEngine() throws {
        var registry = DetectorRegistry.builtins()
        try registry.register(detector("good", "GOOD-[0-9]{4}"))
        try registry.register(detector("bad", "(?<=a+)b"))  // unbounded lookbehind: PCRE2 rejects it
        #expect(throws: EngineError.self) { try Engine(registry: registry) }
    }

    @Test func customDetectorsCoexistWithBuiltins() throws {
        var registry = DetectorRegistry.builtins()
        try registry.register(
            PatternDetector(
                id: "employee_id", entityType: "EMPLOYEE_ID",
                patterns: [DetectorPattern(#"\bEMP-(?<secret>[0-9]{6})\b"#, secretGroup: .name("secret"))],
                baseConfidence: 0.9))
        let engine = try Engine(registry: registry)
        let text = "EMP-123456 mailed bob@example.com"
        let findings = try engine.scan(text)
        #expect(findings.map(\.entityType) == ["EMPLOYEE_ID", .emailAddress])
        #expect(value(of: findings[0], in: text) == "123456")
    }

    @Test func removingDetectorsAndPolicyValidation() throws {
        var registry = DetectorRegistry.builtins()
        try registry.remove(ids: ["phone_number"])
        #expect(!registry.contains(id: "phone_number"))
        #expect(throws: EngineError.self) { try registry.remove(ids: ["nope"]) }
        var policy = Policy()
        policy.detectors["nope"] = .init(action: .block)
        let error = #expect(throws: EngineError.self) { try policy.validate(against: registry) }
        #expect(error?.code == .unknownDetector)
        policy.detectors = ["credit_card": .init(action: .block, minimumConfidence: 1.5)]
        #expect(throws: EngineError.self) { try policy.validate(against: registry) }
    }
}
