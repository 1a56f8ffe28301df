import Foundation
import NIOCore

/// OpenAI chat-completion chunks (server-sent events) re-told as Anthropic message events:
/// `message_start`, one text block's start/deltas/stop, `message_delta` (stop reason and usage, from
/// the usage chunk the translated request asks for) and `message_stop`.
struct AnthropicStreamTranslator: SSELineTranslator {
    var started = false
    var finished = false
    var stopReason: String?
    var usage: [String: Any]?

    mutating func translate(line raw: [UInt8]) -> [UInt8] {
        var bytes = raw[...]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        guard bytes.starts(with: Array("data:".utf8)) else { return [] }
        let payload = bytes.dropFirst(5).drop { $0 == UInt8(ascii: " ") }
        if payload.elementsEqual("[DONE]".utf8) { return finish() }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] else { return [] }
        var out = start(object)
        if let usage = object["usage"] as? [String: Any] { self.usage = usage }
        guard let choice = (object["choices"] as? [[String: Any]])?.first else { return out }
        if let text = (choice["delta"] as? [String: Any])?["content"] as? String, !text.isEmpty {
            out += WireFormat.sse("content_block_delta", [
                "type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": text] as [String: Any],
            ])
        }
        if let finish = choice["finish_reason"] as? String { stopReason = AnthropicTranslation.stopReason(finish) }
        return out
    }

    mutating func start(_ object: [String: Any]) -> [UInt8] {
        guard !started else { return [] }
        started = true
        return WireFormat.sse("message_start", [
            "type": "message_start",
            "message": [
                "id": "msg_" + ((object["id"] as? String) ?? "stream"), "type": "message", "role": "assistant", "content": [] as [Any],
                "model": object["model"] ?? "", "stop_reason": NSNull(), "stop_sequence": NSNull(),
                "usage": ["input_tokens": 0, "output_tokens": 0],
            ] as [String: Any],
        ]) + WireFormat.sse("content_block_start", [
            "type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""] as [String: Any],
        ])
    }

    mutating func finish() -> [UInt8] {
        guard started, !finished else { return [] }
        finished = true
        return WireFormat.sse("content_block_stop", ["type": "content_block_stop", "index": 0])
            + WireFormat.sse("message_delta", [
                "type": "message_delta", "delta": ["stop_reason": stopReason ?? "end_turn", "stop_sequence": NSNull()] as [String: Any],
                "usage": AnthropicTranslation.usage(usage),
            ])
            + WireFormat.sse("message_stop", ["type": "message_stop"])
    }
}
