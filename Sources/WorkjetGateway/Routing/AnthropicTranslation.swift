import Foundation

/// The sound part of the mapping between Anthropic's Messages API and OpenAI's chat completions: text
/// messages, a system prompt, `max_tokens`, `temperature`, `top_p`, `stop_sequences`, streaming. Anything
/// else (tools, images, documents, thinking, `top_k`) has no faithful counterpart and is refused with
/// `invalid_request` naming the field, never silently dropped.
enum AnthropicTranslation {
    static let passFields: Set<String> = ["model", "messages", "system", "max_tokens", "temperature", "top_p", "stop_sequences", "stream", "metadata"]

    /// An Anthropic request body as an OpenAI chat request body.
    static func openAIRequest(_ body: [UInt8]) throws(GatewayError) -> [UInt8] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw GatewayError(.invalidRequest, "the request body must be a JSON object")
        }
        if let field = object.keys.sorted().first(where: { !passFields.contains($0) }) {
            throw refusal("the field '\(StaticModelRouter.printable(field))'")
        }
        var messages: [[String: Any]] = []
        if let system = object["system"] {
            messages.append(["role": "system", "content": try text(system, what: "system")])
        }
        for (index, message) in (object["messages"] as? [[String: Any]] ?? []).enumerated() {
            guard let role = message["role"] as? String, role == "user" || role == "assistant" else {
                throw refusal("message \(index)'s role")
            }
            messages.append(["role": role, "content": try text(message["content"] as Any, what: "message \(index)")])
        }
        var out: [String: Any] = ["model": object["model"] ?? "", "messages": messages]
        if let maxTokens = object["max_tokens"] { out["max_tokens"] = maxTokens }
        if let temperature = object["temperature"] { out["temperature"] = temperature }
        if let topP = object["top_p"] { out["top_p"] = topP }
        if let stops = object["stop_sequences"] as? [String], !stops.isEmpty {
            guard stops.count <= 4 else { throw refusal("more than 4 stop_sequences (OpenAI's limit)") }
            out["stop"] = stops
        }
        if let user = (object["metadata"] as? [String: Any])?["user_id"] as? String { out["user"] = user }
        if object["stream"] as? Bool == true {
            out["stream"] = true
            out["stream_options"] = ["include_usage": true]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: out) else {
            throw GatewayError(.invalidRequest, "the request could not be translated")
        }
        return Array(data)
    }

    /// A string, or text blocks joined by line breaks.
    static func text(_ content: Any, what: String) throws(GatewayError) -> String {
        if let string = content as? String { return string }
        guard let blocks = content as? [[String: Any]] else { throw refusal("\(what)'s content shape") }
        var parts: [String] = []
        for block in blocks {
            guard block["type"] as? String == "text", let text = block["text"] as? String else {
                throw refusal("\(what)'s '\(StaticModelRouter.printable(block["type"] as? String ?? "untyped"))' block")
            }
            parts.append(text)
        }
        return parts.joined(separator: "\n")
    }

    static func refusal(_ what: String) -> GatewayError {
        GatewayError(
            .invalidRequest,
            "this model is served by an OpenAI-compatible deployment, and \(what) has no sound OpenAI equivalent; send text messages only, or use a model served by Anthropic")
    }

    /// Anthropic's `stop_reason` for OpenAI's `finish_reason`.
    static func stopReason(_ finish: String?) -> String {
        switch finish {
        case "length": "max_tokens"
        case "tool_calls", "function_call": "tool_use"
        default: "end_turn"
        }
    }

    /// Anthropic's `usage` for OpenAI's.
    static func usage(_ usage: [String: Any]?) -> [String: Any] {
        guard let usage, let read = TokenUsage.openAI(usage) else { return ["input_tokens": 0, "output_tokens": 0] }
        var out: [String: Any] = ["input_tokens": read.inputTokens - read.cachedInputTokens, "output_tokens": read.outputTokens]
        if read.cachedInputTokens > 0 { out["cache_read_input_tokens"] = read.cachedInputTokens }
        return out
    }

    /// A complete OpenAI response (or error) in Anthropic's shape.
    static func anthropicResponse(_ body: [UInt8], status: Int) -> [UInt8] {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        guard (200..<300).contains(status) else {
            let message = ((object["error"] as? [String: Any])?["message"] as? String) ?? "the upstream provider answered HTTP \(status)"
            let type = status == 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error"
            return WireFormat.json(["type": "error", "error": ["type": type, "message": String(message.prefix(500))]])
        }
        let choice = (object["choices"] as? [[String: Any]])?.first
        let text = (choice?["message"] as? [String: Any])?["content"] as? String ?? ""
        return WireFormat.json([
            "id": "msg_" + ((object["id"] as? String) ?? UUID().uuidString), "type": "message", "role": "assistant",
            "model": object["model"] ?? "", "content": [["type": "text", "text": text]],
            "stop_reason": stopReason(choice?["finish_reason"] as? String), "stop_sequence": NSNull(),
            "usage": usage(object["usage"] as? [String: Any]),
        ])
    }
}
