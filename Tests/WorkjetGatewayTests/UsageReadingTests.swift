import Foundation
import Testing
@testable import WorkjetGateway

/// `Usage.read`: the one pass over a full response that gives both the meter's usage and the audit fields.
@Suite struct UsageReadingTests {
    static func read(_ json: String, _ style: APIStyle) -> Usage.Reading { Usage.read(Array(json.utf8), style: style) }

    @Test func openAIUsageMatchesTheMetersRules() {
        let reading = Self.read(
            #"{"model":"gpt-4o-mini","usage":{"prompt_tokens":1024,"completion_tokens":27,"prompt_tokens_details":{"cached_tokens":2000}}}"#,
            .openAI)
        // Cached input is capped at the input, as TokenUsage.openAI does.
        #expect(reading.tokens == TokenUsage(inputTokens: 1024, outputTokens: 27, cachedInputTokens: 1024))
        #expect(reading.model == "gpt-4o-mini")
        var audit = AuditRecord(requestID: "r", action: "chat.completions", status: 200)
        reading.record(into: &audit)
        #expect(audit.modelServed == "gpt-4o-mini" && audit.inputTokens == 1024 && audit.outputTokens == 27)
    }

    @Test func anthropicUsageCountsCacheWritesAsInput() {
        let reading = Self.read(
            #"{"model":"claude","usage":{"input_tokens":10,"cache_read_input_tokens":90,"cache_creation_input_tokens":5,"output_tokens":3}}"#,
            .anthropic)
        #expect(reading.tokens == TokenUsage.anthropic(["input_tokens": 10, "cache_read_input_tokens": 90, "cache_creation_input_tokens": 5, "output_tokens": 3]))
        // The audit record keeps the counts as reported until the meter writes its own.
        #expect(reading.reportedInput == 10 && reading.reportedOutput == 3)
    }

    @Test func missingOrMalformedUsage() {
        // No usage: nothing to charge, the model is still recorded.
        let none = Self.read(#"{"model":"m","choices":[]}"#, .openAI)
        #expect(none.tokens == nil && none.model == "m")
        // OpenAI needs both counts to charge; the one reported still reaches the audit record.
        let half = Self.read(#"{"usage":{"prompt_tokens":7}}"#, .openAI)
        #expect(half.tokens == nil && half.reportedInput == 7)
        // A field of the wrong type is skipped without losing the others.
        let odd = Self.read(#"{"model":42,"usage":{"prompt_tokens":"many","completion_tokens":3,"input_tokens":1}}"#, .openAI)
        #expect(odd.model == nil && odd.reportedOutput == 3 && odd.tokens == nil)
        // Not JSON, or not an object: nothing.
        for body in ["", "[1]", "{", "null"] {
            let reading = Self.read(body, .anthropic)
            #expect(reading.tokens == nil && reading.model == nil)
        }
        // A long model name is cut for the audit record.
        #expect(Self.read(#"{"model":"\#(String(repeating: "x", count: 300))"}"#, .openAI).model?.count == 100)
    }
}
