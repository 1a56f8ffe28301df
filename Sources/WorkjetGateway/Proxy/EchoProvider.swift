import Foundation
import NIOCore

/// The built-in provider: answers with the last user message as the gateway forwarded it (after DLP),
/// in the request's schema, streaming or not. Lets `make run` and `curl` show redaction with no network.
public struct EchoProvider: Provider {
    public let name: String

    /// Creates the provider.
    public init(name: String = "echo") { self.name = name }

    public func speaks(_ style: APIStyle) -> Bool { true }

    public func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let model = object["model"] as? String ?? "echo"
        let text = "echo: " + Self.lastUserText(object)
        let inputTokens = max(1, request.body.count / 4)
        let id = (request.style == .openAI ? "chatcmpl-" : "msg_") + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24)
        if request.stream {
            let pieces = Self.split(text)
            let events = WireFormat.streamEvents(style: request.style, id: id, model: model, pieces: pieces, inputTokens: inputTokens)
            let buffers = events.map { ByteBuffer(bytes: $0) }
            let stream = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
                for buffer in buffers { continuation.yield(buffer) }
                continuation.finish()
            }
            return UpstreamResponse(status: 200, contentType: "text/event-stream", body: .stream(stream))
        }
        let body = WireFormat.completion(
            style: request.style, id: id, model: model, text: text, inputTokens: inputTokens, outputTokens: Self.split(text).count)
        return UpstreamResponse(status: 200, contentType: "application/json", body: .full(body))
    }

    /// The text of the last user message: a string, or the `text` of its parts / blocks.
    static func lastUserText(_ object: [String: Any]) -> String {
        guard let messages = object["messages"] as? [[String: Any]],
            let last = messages.last(where: { ($0["role"] as? String) == "user" })
        else { return "" }
        if let text = last["content"] as? String { return text }
        let parts = last["content"] as? [[String: Any]] ?? []
        return parts.compactMap { $0["text"] as? String }.joined(separator: "\n")
    }

    /// Words with their following space, so the pieces concatenate back to the text.
    static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " { pieces.append(current); current = "" }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
