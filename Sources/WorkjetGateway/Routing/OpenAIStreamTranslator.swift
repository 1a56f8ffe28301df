import Foundation
import NIOCore

/// Anthropic message events re-told as OpenAI chat-completion chunks: a role chunk, one chunk per text
/// delta, a finish chunk, a usage chunk (removed again for clients that did not ask, like any usage
/// chunk) and `[DONE]`.
struct OpenAIStreamTranslator: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: any AsyncSequence<ByteBuffer, any Error> & Sendable

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: any AsyncIteratorProtocol<ByteBuffer, any Error>
        var line: [UInt8] = []
        var id = "chatcmpl-stream"
        var model = ""
        var created = Int(Date().timeIntervalSince1970)
        var usage = TokenUsage()
        var finish: String?
        var done = false
        var ended = false

        mutating func next() async throws -> ByteBuffer? {
            while !ended {
                guard let chunk = try await base.next() else {
                    ended = true
                    let tail = consume(line)
                    return tail.isEmpty ? nil : ByteBuffer(bytes: tail)
                }
                var out: [UInt8] = []
                for byte in chunk.readableBytesView {
                    if byte == UInt8(ascii: "\n") {
                        out += consume(line)
                        line.removeAll(keepingCapacity: true)
                    } else if line.count < StreamUsageMeter.maxLine {
                        line.append(byte)
                    }
                }
                if !out.isEmpty { return ByteBuffer(bytes: out) }
            }
            return nil
        }

        func chunk(_ delta: [String: Any], finish: Any = NSNull()) -> [UInt8] {
            WireFormat.sse(nil, [
                "id": id, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [["index": 0, "delta": delta, "finish_reason": finish] as [String: Any]],
            ])
        }

        mutating func consume(_ raw: [UInt8]) -> [UInt8] {
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
                finish = OpenAITranslation.finishReason((object["delta"] as? [String: Any])?["stop_reason"] as? String)
                if let output = (object["usage"] as? [String: Any])?["output_tokens"] as? Int { usage.outputTokens = Swift.max(0, output) }
                return []
            case "message_stop":
                done = true
                let usageChunk = WireFormat.sse(nil, [
                    "id": id, "object": "chat.completion.chunk", "created": created, "model": model,
                    "choices": [] as [Any], "usage": OpenAITranslation.usage(usage),
                ])
                return chunk([:], finish: finish ?? "stop") + usageChunk + Array("data: [DONE]\n\n".utf8)
            default:
                return []
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }
}
