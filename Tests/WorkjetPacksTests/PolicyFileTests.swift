import Testing
import WorkjetEngine
import WorkjetPacks

/// Policy files: every field, and each way a policy can be wrong.
@Suite struct PolicyFileTests {
    static let key = "0123456789abcdef0123"

    func parse(_ yaml: String, environment: [String: String] = [:], registry: DetectorRegistry = .builtins()) throws(PackError) -> Policy {
        try PolicyFile.parse(yaml: yaml, source: "policy.yaml", registry: registry, environment: environment)
    }

    func error(_ yaml: String, environment: [String: String] = [:], registry: DetectorRegistry = .builtins()) -> PackError? {
        do {
            _ = try parse(yaml, environment: environment, registry: registry)
            return nil
        } catch {
            return error
        }
    }

    @Test func fullPolicy() throws {
        let policy = try parse("""
            default: {action: warn, min_confidence: 0.6}
            entity_types:
              US_SSN: {action: block}
              CREDIT_CARD: {action: redact, min_confidence: 0.7}
            detectors:
              generic_secret: {action: allow, min_confidence: 0.9}
            redaction:
              style: pseudonym
              key_env: WJ_KEY
            """, environment: ["WJ_KEY": Self.key])
        #expect(policy.defaultRule == Policy.Rule(action: .warn, minimumConfidence: 0.6))
        #expect(policy.entityTypes[.usSSN] == Policy.Rule(action: .block))
        #expect(policy.entityTypes[.creditCard] == Policy.Rule(action: .redact, minimumConfidence: 0.7))
        #expect(policy.detectors["generic_secret"] == Policy.Rule(action: .allow, minimumConfidence: 0.9))
        #expect(policy.redaction == .pseudonym(key: Array(Self.key.utf8)))
    }

    @Test(arguments: [
        ("redaction: label", RedactionStyle.label), ("redaction: remove", .remove), ("redaction: mask", .mask(keep: 4)),
        ("redaction: {style: mask, keep: 2}", .mask(keep: 2)), ("default: {action: block}", .label),
    ])
    func redactionStyles(yaml: String, style: RedactionStyle) throws {
        #expect(try parse(yaml).redaction == style)
    }

    @Test func packDetectorIDsAreAcceptedWhenRegistered() throws {
        let pack = try PatternPack.parse(yaml: MalformedPackTests.valid, source: "test.yaml")
        var registry = DetectorRegistry.builtins()
        try PatternPack.register([pack], into: &registry)
        let policy = try parse("detectors:\n  employee_id: {action: block}\n", registry: registry)
        #expect(policy.detectors["employee_id"]?.action == .block)
        #expect(error("detectors:\n  employee_id: {action: block}\n")?.code == .unknownDetector)
    }

    @Test func unknownDetectorIsRejected() throws {
        let failure = try #require(error("detectors:\n  credit_card: {action: block}\n  no_such_detector: {action: warn}\n"))
        #expect(failure.code == .unknownDetector)
        #expect(failure.message.contains("no_such_detector"))
        #expect(failure.line == 3)
    }

    @Test(arguments: ["default: {action: shred}", "entity_types:\n  US_SSN: {action: delete}", "detectors:\n  credit_card: {}"])
    func badActionIsRejected(yaml: String) {
        let code = error(yaml)?.code
        #expect(code == .invalidField || code == .missingField)
    }

    @Test(arguments: [
        "default: {action: redact, min_confidence: 1.5}", "default: {action: redact, min_confidence: -0.1}",
        "entity_types:\n  US_SSN: {action: block, min_confidence: 2}", "detectors:\n  credit_card: {action: block, min_confidence: high}",
    ])
    func thresholdOutOfRangeIsRejected(yaml: String) {
        #expect(error(yaml)?.code == .invalidField)
    }

    @Test func pseudonymKeyComesFromTheEnvironmentOnly() throws {
        let missing = try #require(error("redaction: {style: pseudonym, key_env: WJ_KEY}"))
        #expect(missing.code == .invalidField)
        #expect(missing.message.contains("WJ_KEY"))
        #expect(error("redaction: {style: pseudonym, key_env: WJ_KEY}", environment: ["WJ_KEY": "short"])?.code == .invalidField)
        #expect(error("redaction: pseudonym")?.code == .missingField)
        #expect(error("redaction: {style: pseudonym}")?.code == .missingField)
        let inline = try #require(error("redaction: {style: pseudonym, key: \(Self.key)}", environment: ["WJ_KEY": Self.key]))
        #expect(inline.code == .invalidField)
        #expect(inline.message.contains("never"))
    }

    @Test(arguments: [
        "redaction: blur", "redaction: {style: mask, keep: -1}", "redaction: {style: label, key_env: X}", "entity_types:\n  us-ssn: {action: block}",
        "defaults: {action: block}", "default: [redact]", "- a\n- b", "default: {action: block, threshold: 0.5}",
    ])
    func otherMistakesAreRejected(yaml: String) {
        #expect(error(yaml) != nil)
    }

    @Test func missingFileIsAnIOError() {
        #expect {
            _ = try PolicyFile.load(path: "/nonexistent/policy.yaml")
        } throws: { ($0 as? PackError)?.code == .io }
    }
}
