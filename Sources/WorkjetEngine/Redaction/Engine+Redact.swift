extension Engine {
    /// The most passes a redaction makes before giving up on a fixed point: each pass is a whole
    /// scan, so the bound keeps crafted input from costing more than eight scans. Numbers that each start
    /// right after the previous one's last digit need a pass apiece (`a@b.com(415) 554-0144 207 946 0958
    /// 517 802 6278`: the phone regex refuses a number after a digit and a space, so each is found only once
    /// the one before it is a label); four passes settled a chain of two, eight settle a chain of six.
    public static let maximumRedactionPasses = 8

    /// Scans under `policy` and replaces every finding whose action is `redact` or `block`.
    ///
    /// Replacing one value can expose another: a key glued to a redacted token (`…xyzAKIA…` becomes
    /// `[API_SECRET]AKIA…`) starts to match once its neighbour is gone. So the output is scanned again
    /// and redacted until nothing the policy redacts remains (at most ``maximumRedactionPasses``; clean
    /// input costs one scan, input with findings usually two).
    public func redact(_ input: UnsafeRawBufferPointer, policy: Policy) throws(EngineError) -> RedactionResult {
        let outcome = ScanOutcome(findings: try scan(input), policy: policy)
        let redactable = outcome.redactable
        guard !redactable.isEmpty else {
            return RedactionResult(output: Array(input), outcome: outcome, exposed: [], passes: 1, complete: true)
        }
        let redactor = Redactor(style: policy.redaction)
        var output = redactor.redact(input, findings: redactable)
        var exposed: [PolicyFinding] = []
        var passes = 1
        while passes < Self.maximumRedactionPasses {
            passes += 1
            let again = try output.withUnsafeBytes { buffer in
                Result { () throws(EngineError) in ScanOutcome(findings: try scan(buffer), policy: policy).redacting }
            }.get()
            if again.isEmpty { return RedactionResult(output: output, outcome: outcome, exposed: exposed, passes: passes, complete: true) }
            exposed += again
            output = output.withUnsafeBytes { redactor.redact($0, findings: again.map(\.finding)) }
        }
        return RedactionResult(output: output, outcome: outcome, exposed: exposed, passes: passes, complete: false)
    }

    /// Redacts a string; see ``redact(_:policy:)-(UnsafeRawBufferPointer,_)``.
    public func redact(_ text: String, policy: Policy) throws(EngineError) -> RedactionResult {
        try Array(text.utf8).withUnsafeBytes { buffer in
            Result { () throws(EngineError) in try redact(buffer, policy: policy) }
        }.get()
    }
}

/// The result of ``Engine/redact(_:policy:)-(UnsafeRawBufferPointer,_)``.
public struct RedactionResult: Sendable, Hashable {
    /// The redacted bytes (the input unchanged when nothing was redacted).
    public var output: [UInt8]
    /// The outcome of the first scan: the findings in the original input and the strongest action.
    public var outcome: ScanOutcome
    /// What later passes found and redacted: values the first scan could not see until a neighbour was
    /// redacted. Their offsets are into the text of the pass that found them, not into the input.
    public var exposed: [PolicyFinding]
    /// How many scans were made.
    public var passes: Int
    /// False when findings were still exposed after the last pass (never seen outside adversarial input).
    public var complete: Bool

    /// The output as text.
    public var text: String { String(decoding: output, as: UTF8.self) }
}
