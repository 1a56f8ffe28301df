import Foundation
import WorkjetEngine

/// Runs a workspace's policy over a request or response body.
///
/// Fails closed: if the engine throws, the result is `block` with code `dlp_unavailable`, never a pass.
struct DLPInspector: Sendable {
    let engine: Engine
    let input: Policy
    let output: Policy

    /// The outcome of inspecting one body.
    struct Result: Sendable {
        var summary: DLPSummary
        /// The body to forward (redacted copy or the original).
        var body: [UInt8]
        /// Set when the engine failed.
        var failure: GatewayError?
        /// Set when redacting did not settle (values that expose one another, past the engine's pass limit):
        /// the action is then `block`, so a half-redacted body is never forwarded.
        var unsettled = false

        /// Why a blocked body is blocked, for the error message (never values).
        var blockReason: String {
            unsettled
                ? "it contains \(summary.typeList), and redacting them did not settle (values that expose one another when redacted)"
                : "it contains \(summary.typeList)"
        }
    }

    func inspectRequest(_ body: [UInt8], style: APIStyle) -> Result {
        run(body, policy: input, include: style == .openAI ? ChatMessageSelector.openAIRequest : ChatMessageSelector.anthropicRequest)
    }

    func inspectResponse(_ body: [UInt8], style: APIStyle) -> Result {
        run(body, policy: output, include: style == .openAI ? ChatMessageSelector.openAIResponse : ChatMessageSelector.anthropicResponse)
    }

    private func run(_ body: [UInt8], policy: Policy, include: @escaping @Sendable (JSONPath) -> Bool) -> Result {
        let start = ContinuousClock.now
        do {
            let result = try body.withUnsafeBytes { buffer in
                try JSONRedactor(engine: engine, policy: policy).process(buffer, include: include)
            }
            var counts: [String: Int] = [:]
            func count(_ findings: [JSONFinding]) {
                for finding in findings where finding.action != .allow { counts[finding.finding.entityType.rawValue, default: 0] += 1 }
            }
            count(result.findings)
            count(result.exposed)
            let summary = DLPSummary(action: result.action, counts: counts, scanMicroseconds: Self.micros(since: start))
            return Result(summary: summary, body: result.output ?? body, failure: nil, unsettled: !result.complete)
        } catch {
            let summary = DLPSummary(action: .block, counts: [:], scanMicroseconds: Self.micros(since: start))
            let failure = GatewayError(.dlpFailed, "the DLP scan failed, so the request was blocked; retry later")
            return Result(summary: summary, body: [], failure: failure)
        }
    }

    static func micros(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start).nanoseconds / 1000)
    }
}

extension DLPInspector {
    /// The inspector for a policy document's input and output rules, on its engine.
    init(engine: Engine, document: PolicyDocument) {
        self.init(engine: engine, input: document.enginePolicy(document.input), output: document.enginePolicy(document.output))
    }
}
