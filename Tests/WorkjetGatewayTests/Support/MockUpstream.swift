import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
@testable import WorkjetGateway

/// A real HTTP server standing in for OpenAI and Anthropic: records every body it receives and answers in
/// the provider's shape. The model name steers it: `mock-500` fails, `mock-slow` never answers in time,
/// `mock-429` is rate limited, `mock-cut` cuts its stream after two events (see ``failure(_:style:)``).
/// `mock-drip` streams an event every 20 ms for 20 s and notes when the gateway hangs up on it.
final class MockUpstream: Sendable {
    let received = Mutex<[String]>([])
    /// Set when a `mock-drip` stream ended because its reader went away.
    let dripCancelled = Mutex(false)

    var bodies: [String] { received.withLock { $0 } }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("v1/chat/completions") { request, _ in try await self.answer(request, style: .openAI) }
        router.post("v1/messages") { request, _ in try await self.answer(request, style: .anthropic) }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    func answer(_ request: Request, style: APIStyle) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 10 << 20)
        let text = String(buffer: body)
        received.withLock { $0.append(text) }
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        let model = object["model"] as? String ?? ""
        if model == "mock-500" {
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: #"{"error":"boom"}"#)))
        }
        if model == "mock-slow" { try await Task.sleep(for: .seconds(5)) }
        if let failure = Self.failure(object, style: style) { return failure }
        if model == "mock-drip" { return drip(style: style, model: model) }
        let reply = model == "mock-leak" ? "the customer card is 4111 1111 1111 1111" : "hello from \(model)"
        if object["stream"] as? Bool == true {
            var built = WireFormat.streamEvents(style: style, id: "x1", model: model, pieces: ["hello ", "from ", "mock"], inputTokens: 3)
            if style == .openAI, (object["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true {
                built.insert(Self.openAIUsageChunk(model: model), at: built.count - 1)
            }
            let events = built
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: .init { writer in
                    for event in events {
                        try await writer.write(ByteBuffer(bytes: event))
                    }
                    try await writer.finish(nil)
                })
        }
        let out = WireFormat.completion(style: style, id: "x1", model: model, text: reply, inputTokens: 11, outputTokens: 5)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: out)))
    }

    /// A slow stream: one delta event every 20 ms; a failed write or a cancelled sleep means the reader left.
    func drip(style: APIStyle, model: String) -> Response {
        let events = WireFormat.streamEvents(
            style: style, id: "x1", model: model, pieces: Array(repeating: "drip ", count: 1000), inputTokens: 3)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream"],
            body: .init { writer in
                do {
                    for event in events {
                        try await writer.write(ByteBuffer(bytes: event))
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    try await writer.finish(nil)
                } catch {
                    self.dripCancelled.withLock { $0 = true }
                    throw error
                }
            })
    }
}
