import Testing
@testable import WorkjetEngine

/// Every built-in detector carries examples it must find and near-misses it must not.
@Suite struct DetectorExampleTests {
    static let detectors = builtinEngine.registry.detectors.map { DetectorCase($0) }

    struct DetectorCase: CustomTestStringConvertible, Sendable {
        let detector: any Detector
        init(_ detector: any Detector) { self.detector = detector }
        var testDescription: String { detector.id }
    }

    @Test(arguments: detectors)
    func examplesAreFound(_ item: DetectorCase) throws {
        let detector = item.detector
        #expect(!detector.examples.isEmpty, "\(detector.id) has no example")
        for example in detector.examples {
            let findings = try builtinEngine.scan(example)
            #expect(findings.contains { $0.detectorID == detector.id }, "\(detector.id) missed: \(example) → \(findings)")
        }
    }

    @Test(arguments: detectors)
    func negativesAreNotFound(_ item: DetectorCase) throws {
        let detector = item.detector
        #expect(!detector.negativeExamples.isEmpty, "\(detector.id) has no negative example")
        for negative in detector.negativeExamples {
            let findings = try builtinEngine.scan(negative)
            #expect(!findings.contains { $0.detectorID == detector.id }, "\(detector.id) matched negative: \(negative) → \(findings)")
        }
    }

    @Test func builtinIDsAreUniqueAndCoverEveryType() throws {
        let ids = builtinEngine.registry.ids
        #expect(Set(ids).count == ids.count)
        let types = Set(builtinEngine.registry.detectors.map(\.entityType))
        #expect(types == Set(EntityType.builtins))
        let secretDetectors = builtinEngine.registry.detectors.filter { $0.entityType == .apiSecret }
        #expect(secretDetectors.count >= 25)
    }

    @Test func spansCoverOnlyTheSensitiveValue() throws {
        let text = #"mailto:<jane.doe@example.com> api_key = "q8Zr4mX2vN7pL1sK9dF3" AKIAQYLPMN5HHHFPZAM2"#
        let found = try builtinEngine.scan(text).map { value(of: $0, in: text) }
        #expect(found == ["jane.doe@example.com", "q8Zr4mX2vN7pL1sK9dF3", "AKIAQYLPMN5HHHFPZAM2"])
    }

    @Test func validatorsConfirmAndContextRaisesConfidence() throws {
        let plain = try #require(try builtinEngine.scan("ref 536-22-8745").first)
        let keyed = try #require(try builtinEngine.scan("SSN 536-22-8745").first)
        #expect(plain.validated && keyed.validated)
        #expect(keyed.confidence > plain.confidence)
        #expect(try builtinEngine.scan("bare 536228745").isEmpty)
        #expect(try builtinEngine.scan("ssn: 536228745").first?.entityType == .usSSN)
    }

    @Test func awsExampleKeysAreAllowlistedByDefaultOnly() throws {
        let text = "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        #expect(try builtinEngine.scan(text).isEmpty)
        let strict = try Engine(registry: .builtins(options: BuiltinOptions(allowlistAWSExampleKeys: false)))
        let types = try strict.scan(text).map(\.entityType)
        #expect(types == [.awsAccessKeyID, .awsSecretAccessKey])
    }
}
