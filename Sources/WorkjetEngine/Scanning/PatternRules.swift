/// A ``PatternDetector``'s entropy floor, allowlist and validator, prepared once per engine.
///
/// ``PatternDetector/evaluate(value:context:)`` gives the same answer for every value (a test compares
/// them); judging through this instead spares each candidate the witness call through `any Detector`,
/// the copy of the optional validator existential that the call made (about 27 instructions), and the
/// allowlist's `String` (see ``ByteAllowlist``).
final class PatternRules: Sendable {
    let minimumEntropy: Double?
    let allowlist: ByteAllowlist
    /// The detector's validator, or one that finds every value plausible (what no validator means).
    let validator: any Validator

    init(_ detector: PatternDetector) {
        minimumEntropy = detector.minimumEntropy
        allowlist = ByteAllowlist(detector.allowlist)
        validator = detector.validator ?? AcceptsEveryValue()
    }

    /// ``PatternDetector/evaluate(value:context:)``.
    @inline(__always)
    func evaluate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> Evaluation? {
        if let floor = minimumEntropy, Entropy.isBelow(floor, value) { return nil }
        if allowlist.contains(value) { return nil }
        return Evaluation(validator.validate(value, context: context))
    }
}

/// What a detector without a validator has: every value is plausible.
private struct AcceptsEveryValue: Validator {
    var readsContextKeyword: Bool { false }
    func validate(_ value: UnsafeRawBufferPointer, context: DetectionContext) -> ValidationResult { .plausible }
}
