import Foundation

/// Tokens an upstream reported for one request.
public struct TokenUsage: Sendable, Hashable {
    /// All input tokens, cached ones included.
    public var inputTokens: Int
    /// Output tokens.
    public var outputTokens: Int
    /// The part of ``inputTokens`` read from the provider's prompt cache.
    public var cachedInputTokens: Int

    /// Creates a usage value.
    public init(inputTokens: Int = 0, outputTokens: Int = 0, cachedInputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
    }

    /// Input plus output.
    public var total: Int { inputTokens + outputTokens }

    /// Reads OpenAI's `usage` (`prompt_tokens` includes `prompt_tokens_details.cached_tokens`).
    static func openAI(_ usage: [String: Any]) -> TokenUsage? {
        guard let input = usage["prompt_tokens"] as? Int, let output = usage["completion_tokens"] as? Int else { return nil }
        let cached = (usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int ?? 0
        return TokenUsage(inputTokens: max(0, input), outputTokens: max(0, output), cachedInputTokens: min(max(0, cached), max(0, input)))
    }

    /// Reads Anthropic's `usage`: `input_tokens` excludes cache reads (`cache_read_input_tokens`) and cache
    /// writes (`cache_creation_input_tokens`, counted here as ordinary input).
    static func anthropic(_ usage: [String: Any]) -> TokenUsage {
        let input = max(0, usage["input_tokens"] as? Int ?? 0)
        let written = max(0, usage["cache_creation_input_tokens"] as? Int ?? 0)
        let read = max(0, usage["cache_read_input_tokens"] as? Int ?? 0)
        let output = max(0, usage["output_tokens"] as? Int ?? 0)
        return TokenUsage(inputTokens: input + written + read, outputTokens: output, cachedInputTokens: read)
    }
}
