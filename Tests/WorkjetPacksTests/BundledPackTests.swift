import Testing
import WorkjetEngine
import WorkjetPacks

/// Every pack shipped in Patterns/ loads, and each rule's examples behave as declared.
@Suite struct BundledPackTests {
    @Test func patternsDirectoryHasPacks() {
        #expect(TestSupport.packFiles().count >= 4)
    }

    @Test(arguments: TestSupport.packFiles())
    func examplesAreFoundAndNegativesAreNot(file: String) throws {
        let pack = try PatternPack.load(path: file)
        let failures = try pack.checkExamples()
        for failure in failures { Issue.record("\(failure)") }
        #expect(failures.isEmpty)
    }

    @Test(arguments: TestSupport.packFiles())
    func everyRuleCarriesSeveralExamples(file: String) throws {
        for detector in try PatternPack.load(path: file).detectors {
            #expect(detector.examples.count >= 2, "\(detector.id) needs at least two examples")
            #expect(detector.negativeExamples.count >= 2, "\(detector.id) needs at least two negative examples")
        }
    }

    @Test func topLevelPacksLoadTogetherWithTheBuiltins() throws {
        let packs = try PatternPack.loadDirectory(TestSupport.repositoryRoot + "/Patterns")
        #expect(packs.map(\.name) == packs.map(\.name).sorted())
        #expect(!packs.contains { $0.name == "acme-internal" }, "templates are not loaded by default")
        var registry = DetectorRegistry.builtins()
        try PatternPack.register(packs, into: &registry)
        let engine = try Engine(registry: registry)
        let findings = try engine.scan("pay GB82 WEST 1234 5698 7654 32 and DD_API_KEY=7aeac9aabd46a3c55b8a8f87e6fc8f22")
        #expect(findings.map(\.detectorID) == ["iban", "datadog_api_key"])
    }

    @Test func ibanValidatorChecksLengthAndChecksum() {
        let validator = IBANValidator()
        func check(_ text: String) -> ValidationResult {
            Array(text.utf8).withUnsafeBytes { validator.validate($0, context: DetectionContext(hasContextKeyword: false, patternIndex: 0)) }
        }
        #expect(check("GB82WEST12345698765432") == .valid)
        #expect(check("gb82 west 1234 5698 7654 32") == .valid)
        #expect(check("GB82WEST12345698765433") == .invalid)
        #expect(check("GB82WEST123456987654") == .invalid)
        #expect(check("ZZ82WEST12345698765432") == .invalid)
        #expect(check("GB82-WEST-1234-5698-7654-32") == .invalid)
    }
}
