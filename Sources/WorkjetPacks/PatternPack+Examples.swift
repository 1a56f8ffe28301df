import WorkjetEngine

extension PatternPack {
    /// Scans every rule's examples and negative examples with an engine built from `base` plus this
    /// pack, and returns what did not behave as declared (empty when all pass).
    ///
    /// An example passes when the scan reports a finding of that rule's id; a negative passes when it
    /// does not. Scanning alongside the built-ins is deliberate: an example that a built-in detector
    /// wins (higher confidence on the same text) is not found in practice either.
    ///
    /// ```swift
    /// let pack = try PatternPack.load(path: "Patterns/finance.yaml")
    /// for failure in try pack.checkExamples() { print(failure) }
    /// ```
    public func checkExamples(base: DetectorRegistry = .builtins()) throws(PackError) -> [ExampleFailure] {
        var registry = base
        try Self.register([self], into: &registry)
        let engine: Engine
        do {
            engine = try Engine(registry: registry)
        } catch {
            throw PackError(.invalidPattern, error.message, source: source)
        }
        var failures: [ExampleFailure] = []
        for detector in detectors {
            if detector.examples.isEmpty {
                failures.append(ExampleFailure(source: source, ruleID: detector.id, kind: .noExamples, example: ""))
            }
            for example in detector.examples {
                let findings = try scan(engine, example)
                if !findings.contains(where: { $0.detectorID == detector.id }) {
                    let instead = findings.map { "\($0.detectorID):\(Self.slice(example, $0))" }
                    failures.append(
                        ExampleFailure(source: source, ruleID: detector.id, kind: .missed, example: example, foundInstead: instead))
                }
            }
            for negative in detector.negativeExamples where try scan(engine, negative).contains(where: { $0.detectorID == detector.id }) {
                failures.append(ExampleFailure(source: source, ruleID: detector.id, kind: .unexpected, example: negative))
            }
        }
        return failures
    }

    private func scan(_ engine: Engine, _ text: String) throws(PackError) -> [Finding] {
        do {
            return try engine.scan(text)
        } catch {
            throw PackError(.invalidPattern, "scanning an example failed: \(error.message)", source: source)
        }
    }

    private static func slice(_ text: String, _ finding: Finding) -> String {
        let bytes = Array(text.utf8)
        guard finding.start >= 0, finding.end <= bytes.count, finding.start <= finding.end else { return "?" }
        return String(decoding: bytes[finding.start..<finding.end], as: UTF8.self)
    }
}
