import Foundation

/// Builds OpenAI- and Anthropic-shaped responses and stream events (the echo provider uses them; so does
/// the test suite's mock upstream).
public enum WireFormat {
    /// A complete non-streaming reply.
    public static func completion(style: APIStyle, id: String, model: String, text: String, inputTokens: Int, outputTokens: Int) -> [UInt8] {
        let object: [String: Any]
        switch style {
        case .openAI:
            object = [
                "id": id, "object": "chat.completion", "created": Int(Date().timeIntervalSince1970), "model": model,
                "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"] as [String: Any]],
                "usage": ["prompt_tokens": inputTokens, "completion_tokens": outputTokens, "total_tokens": inputTokens + outputTokens],
            ]
        case .anthropic:
            object = [
                "id": id, "type": "message", "role": "assistant", "model": model,
                "content": [["type": "text", "text": text]], "stop_reason": "end_turn", "stop_sequence": NSNull() as Any,
                "usage": ["input_tokens": inputTokens, "output_tokens": outputTokens],
            ]
        }
        return json(object)
    }

    /// The server-sent events of a streamed reply, one element per event, split into `pieces`.
    public static func streamEvents(style: APIStyle, id: String, model: String, pieces: [String], inputTokens: Int) -> [[UInt8]] {
        var events: [[UInt8]] = []
        switch style {
        case .openAI:
            let created = Int(Date().timeIntervalSince1970)
            func chunk(_ delta: [String: Any], finish: Any) -> [UInt8] {
                sse(nil, [
                    "id": id, "object": "chat.completion.chunk", "created": created, "model": model,
                    "choices": [["index": 0, "delta": delta, "finish_reason": finish] as [String: Any]],
                ])
            }
            events.append(chunk(["role": "assistant", "content": ""], finish: NSNull()))
            for piece in pieces { events.append(chunk(["content": piece], finish: NSNull())) }
            events.append(chunk([:], finish: "stop"))
            events.append(Array("data: [DONE]\n\n".utf8))
        case .anthropic:
            events.append(sse("message_start", [
                "type": "message_start",
                "message": [
                    "id": id, "type": "message", "role": "assistant", "content": [], "model": model,
                    "stop_reason": NSNull(), "stop_sequence": NSNull(),
                    "usage": ["input_tokens": inputTokens, "output_tokens": 1],
                ] as [String: Any],
            ]))
            events.append(sse("content_block_start", [
                "type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""] as [String: Any],
            ]))
            for piece in pieces {
                events.append(sse("content_block_delta", [
                    "type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": piece] as [String: Any],
                ]))
            }
            events.append(sse("content_block_stop", ["type": "content_block_stop", "index": 0]))
            events.append(sse("message_delta", [
                "type": "message_delta", "delta": ["stop_reason": "end_turn", "stop_sequence": NSNull()] as [String: Any],
                "usage": ["output_tokens": pieces.count],
            ]))
            events.append(sse("message_stop", ["type": "message_stop"]))
        }
        return events
    }

    static func sse(_ event: String?, _ object: [String: Any]) -> [UInt8] {
        var out = event.map { Array("event: \($0)\n".utf8) } ?? []
        out += Array("data: ".utf8) + json(object) + Array("\n\n".utf8)
        return out
    }

    static func json(_ object: [String: Any]) -> [UInt8] {
        (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])).map { Array($0) } ?? []
    }
}
