import Foundation

/// Reads token usage and the served model from a non-streaming response.
enum Usage {
    static func read(_ body: [UInt8], style: APIStyle, into audit: inout AuditRecord) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return }
        audit.modelServed = (object["model"] as? String).map { String($0.prefix(100)) }
        guard let usage = object["usage"] as? [String: Any] else { return }
        switch style {
        case .openAI:
            audit.inputTokens = usage["prompt_tokens"] as? Int
            audit.outputTokens = usage["completion_tokens"] as? Int
        case .anthropic:
            audit.inputTokens = usage["input_tokens"] as? Int
            audit.outputTokens = usage["output_tokens"] as? Int
        }
    }
}
