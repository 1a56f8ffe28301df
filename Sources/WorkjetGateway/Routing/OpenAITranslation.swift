import Foundation

/// The sound part of the mapping from OpenAI chat completions to Anthropic's Messages API: leading
/// system (or developer) messages, text user and assistant messages, `max_tokens`, `temperature` up to
/// 1 (Anthropic's range), `top_p`, `stop`, `user`, streaming. Tools, images, `n` above 1, logprobs,
/// response formats and the rest are refused with `invalid_request` naming the field.
enum OpenAITranslation {
    static let passFields: Set<String> = [
        "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop", "stream", "stream_options", "user", "n",
    ]

    /// An OpenAI chat request body as an Anthropic messages request body.
    static func anthropicRequest(_ body: [UInt8], defaultMaxTokens: Int) throws(GatewayError) -> [UInt8] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw GatewayError(.invalidRequest, "the request body must be a JSON object")
        }
        if let field = object.keys.sorted().first(where: { !passFields.contains($0) }) {
            throw refusal("the field '\(StaticModelRouter.printable(field))'")
        }
        if let n = object["n"] as? Int, n != 1 { throw refusal("'n' other than 1") }
        var system: [String] = []
        var messages: [[String: Any]] = []
        for (index, message) in (object["messages"] as? [[String: Any]] ?? []).enumerated() {
            let role = message["role"] as? String ?? ""
            let text = try text(message["content"] as Any, what: "message \(index)")
            switch role {
            case "system", "developer":
                guard messages.isEmpty else { throw refusal("a system message after the conversation started (message \(index))") }
                system.append(text)
            case "user", "assistant":
                messages.append(["role": role, "content": text])
            default:
                throw refusal("message \(index)'s role '\(StaticModelRouter.printable(role))'")
            }
        }
        var out: [String: Any] = ["model": object["model"] ?? "", "messages": messages]
        out["max_tokens"] = (object["max_completion_tokens"] as? Int) ?? (object["max_tokens"] as? Int) ?? defaultMaxTokens
        if !system.isEmpty { out["system"] = system.joined(separator: "\n\n") }
        if let temperature = object["temperature"] as? Double {
            guard temperature <= 1 else { throw refusal("a temperature above 1 (Anthropic's maximum)") }
            out["temperature"] = temperature
        }
        if let topP = object["top_p"] { out["top_p"] = topP }
        if let stop = object["stop"] as? String { out["stop_sequences"] = [stop] }
        if let stops = object["stop"] as? [String], !stops.isEmpty { out["stop_sequences"] = stops }
        if let user = object["user"] as? String { out["metadata"] = ["user_id": user] }
        if object["stream"] as? Bool == true { out["stream"] = true }
        guard let data = try? JSONSerialization.data(withJSONObject: out) else {
            throw GatewayError(.invalidRequest, "the request could not be translated")
        }
        return Array(data)
    }

    /// A string, or text parts joined by line breaks.
    static func text(_ content: Any, what: String) throws(GatewayError) -> String {
        if let string = content as? String { return string }
        guard let parts = content as? [[String: Any]] else { throw refusal("\(what)'s content shape") }
        var texts: [String] = []
        for part in parts {
            guard part["type"] as? String == "text", let text = part["text"] as? String else {
                throw refusal("\(what)'s '\(StaticModelRouter.printable(part["type"] as? String ?? "untyped"))' part")
            }
            texts.append(text)
        }
        return texts.joined(separator: "\n")
    }

    static func refusal(_ what: String) -> GatewayError {
        GatewayError(
            .invalidRequest,
            "this model is served by an Anthropic deployment, and \(what) has no sound Anthropic equivalent; send text messages only, or use a model served by an OpenAI-compatible provider")
    }

    /// OpenAI's `finish_reason` for Anthropic's `stop_reason`.
    static func finishReason(_ stop: String?) -> String {
        switch stop {
        case "max_tokens": "length"
        case "tool_use": "tool_calls"
        case "refusal": "content_filter"
        default: "stop"
        }
    }

    /// OpenAI's `usage` for Anthropic's.
    static func usage(_ usage: TokenUsage) -> [String: Any] {
        [
            "prompt_tokens": usage.inputTokens, "completion_tokens": usage.outputTokens, "total_tokens": usage.total,
            "prompt_tokens_details": ["cached_tokens": usage.cachedInputTokens],
        ]
    }

    /// A complete Anthropic response (or error) in OpenAI's shape.
    static func openAIResponse(_ body: [UInt8], status: Int) -> [UInt8] {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        guard (200..<300).contains(status) else {
            let message = ((object["error"] as? [String: Any])?["message"] as? String) ?? "the upstream provider answered HTTP \(status)"
            let type = status == 429 ? "rate_limit_error" : status >= 500 ? "upstream_error" : "invalid_request_error"
            return WireFormat.json(["error": ["message": String(message.prefix(500)), "type": type, "param": NSNull(), "code": NSNull()]])
        }
        let blocks = object["content"] as? [[String: Any]] ?? []
        let text = blocks.compactMap { $0["type"] as? String == "text" ? $0["text"] as? String : nil }.joined()
        let usage = TokenUsage.anthropic(object["usage"] as? [String: Any] ?? [:])
        return WireFormat.json([
            "id": "chatcmpl-" + ((object["id"] as? String) ?? UUID().uuidString), "object": "chat.completion",
            "created": Int(Date().timeIntervalSince1970), "model": object["model"] ?? "",
            "choices": [[
                "index": 0, "message": ["role": "assistant", "content": text] as [String: Any],
                "finish_reason": finishReason(object["stop_reason"] as? String),
            ] as [String: Any]],
            "usage": OpenAITranslation.usage(usage),
        ])
    }
}
