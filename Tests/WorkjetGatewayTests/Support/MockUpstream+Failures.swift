import Foundation
import Hummingbird
import NIOCore
@testable import WorkjetGateway

/// Failure modes of the mock upstream, chosen by the model name of the request.
extension MockUpstream {
    /// The answer for a failing model, or nil for a healthy one.
    /// - `mock-429`: HTTP 429 with `Retry-After`.
    /// - `mock-cut`: a stream (or body) that stops after two events, without its usage report.
    static func failure(_ object: [String: Any], style: APIStyle) -> Response? {
        switch object["model"] as? String {
        case "mock-429":
            return Response(
                status: .tooManyRequests, headers: [.contentType: "application/json", .retryAfter: "1"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"slow down","type":"rate_limit_error"}}"#)))
        case "mock-cut":
            let events = WireFormat.streamEvents(style: style, id: "x1", model: "mock-cut", pieces: ["partial ", "answer"], inputTokens: 3)
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: .init { writer in
                    for event in events.prefix(2) { try await writer.write(ByteBuffer(bytes: event)) }
                    // An SSE comment, so that the write a connection reset may swallow is not an event.
                    try await writer.write(ByteBuffer(string: ": cut\n\n"))
                    throw CancellationError()
                })
        default:
            return nil
        }
    }

    /// OpenAI's final usage chunk (sent when the request asks with `stream_options.include_usage`).
    static func openAIUsageChunk(model: String) -> [UInt8] {
        let object: [String: Any] = [
            "id": "x1", "object": "chat.completion.chunk", "created": 0, "model": model, "choices": [] as [Any],
            "usage": ["prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10, "prompt_tokens_details": ["cached_tokens": 2]],
        ]
        let data = try! JSONSerialization.data(withJSONObject: object)
        return Array("data: ".utf8) + Array(data) + Array("\n\n".utf8)
    }
}
