import Foundation
import NIOCore

/// Anthropic message events re-told as OpenAI chat-completion chunks: a role chunk, one chunk per text
/// delta, a finish chunk, a usage chunk (removed again for clients that did not ask, like any usage
/// chunk) and `[DONE]`.
struct OpenAIStreamTranslator: SSELineTranslator {
    var id = "chatcmpl-stream"
    var model = ""
    var created = Int(Date().timeIntervalSince1970)
    var usage = TokenUsage()
    var finishReason: String?
    var done = false

    func chunk(_ delta: [String: Any], finish: Any = NSNull()) -> [UInt8] {
        WireFormat.sse(nil, [
            "id": id, "object": "chat.completion.chunk", "created": created, "model": model,
            "choices": [["index": 0, "delta": delta, "finish_reason": finish] as [String: Any]],
        ])
    }

    mutating func translate(line raw: [UInt8]) -> [UInt8] {
        var bytes = raw[...]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        guard !done, bytes.starts(with: Array("data:".utf8)),
            let object = (try? JSONSerialization.jsonObject(with: Data(bytes.dropFirst(5)))) as? [String: Any]
        else { return [] }
        switch object["type"] as? String {
        case "message_start":
            let message = object["message"] as? [String: Any] ?? [:]
            id = "chatcmpl-" + ((message["id"] as? String) ?? "stream")
            model = message["model"] as? String ?? ""
            usage = TokenUsage.anthropic(message["usage"] as? [String: Any] ?? [:])
            return chunk(["role": "assistant", "content": ""])
        case "content_block_delta":
            guard let delta = object["delta"] as? [String: Any], delta["type"] as? String == "text_delta",
                let text = delta["text"] as? String
            else { return [] }
            return chunk(["content": text])
        case "message_delta":
            finishReason = OpenAITranslation.finishReason((object["delta"] as? [String: Any])?["stop_reason"] as? String)
            if let output = (object["usage"] as? [String: Any])?["output_tokens"] as? Int { usage.outputTokens = Swift.max(0, output) }
            return []
        case "message_stop":
            done = true
            let usageChunk = WireFormat.sse(nil, [
                "id": id, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [] as [Any], "usage": OpenAITranslation.usage(usage),
            ])
            return chunk([:], finish: finishReason ?? "stop") + usageChunk + Array("data: [DONE]\n\n".utf8)
        default:
            return []
        }
    }

    /// Everything, `[DONE]` included, is written when `message_stop` arrives.
    mutating func finish() -> [UInt8] { [] }
}
