import Foundation

/// Reads token usage and the served model from a non-streaming response.
enum Usage {
    /// Only the fields read; decoding into a struct skips building Foundation dictionaries for the rest.
    private struct Shape: Decodable {
        struct Counts: Decodable {
            var prompt_tokens: Int?
            var completion_tokens: Int?
            var input_tokens: Int?
            var output_tokens: Int?
        }
        var model: String?
        var usage: Counts?
    }

    static func read(_ body: [UInt8], style: APIStyle, into audit: inout AuditRecord) {
        guard let shape = try? JSONDecoder().decode(Shape.self, from: Data(body)) else { return }
        audit.modelServed = shape.model.map { String($0.prefix(100)) }
        guard let usage = shape.usage else { return }
        switch style {
        case .openAI:
            audit.inputTokens = usage.prompt_tokens
            audit.outputTokens = usage.completion_tokens
        case .anthropic:
            audit.inputTokens = usage.input_tokens
            audit.outputTokens = usage.output_tokens
        }
    }
}
