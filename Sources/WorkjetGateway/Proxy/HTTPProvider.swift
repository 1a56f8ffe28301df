import Foundation
import NIOCore
import NIOHTTP1

/// An OpenAI-compatible or Anthropic upstream, called through the gateway's pooled ``UpstreamClient``.
///
/// The endpoint URL is parsed once, here. The provider's API key is read from the environment at start-up
/// and only ever written into the upstream request's auth header.
public struct HTTPProvider: Provider {
    public let name: String
    let kind: ProviderConfiguration.Kind
    /// Nil when the configured base URL is not an `http` or `https` URL (every request then fails with 502).
    let endpoint: UpstreamEndpoint?
    let apiKey: String?
    let client: UpstreamClient
    let timeout: TimeAmount

    /// Creates a provider from its configuration.
    public init(configuration: ProviderConfiguration, client: UpstreamClient, timeoutSeconds: Double, environment: [String: String]) {
        name = configuration.name
        kind = configuration.kind
        var base = configuration.baseURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        endpoint = UpstreamEndpoint(
            url: kind == .anthropic
                ? (base.hasSuffix("/v1") ? base + "/messages" : base + "/v1/messages") : base + "/chat/completions")
        apiKey = configuration.apiKeyEnvironment.flatMap { environment[$0] }
        self.client = client
        timeout = .nanoseconds(Int64(timeoutSeconds * 1_000_000_000))
    }

    public func speaks(_ style: APIStyle) -> Bool { (style == .openAI) == (kind == .openai) }

    public func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        guard let endpoint else {
            throw GatewayError(.upstreamFailure, "the upstream provider's base_url is not an http or https URL")
        }
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "accept", value: request.stream ? "text/event-stream" : "application/json")
        if let apiKey {
            if kind == .anthropic {
                headers.add(name: "x-api-key", value: apiKey)
            } else {
                headers.add(name: "authorization", value: "Bearer \(apiKey)")
            }
        }
        for (name, value) in request.passThroughHeaders { headers.add(name: name, value: value) }
        if kind == .anthropic, !headers.contains(name: "anthropic-version") {
            headers.add(name: "anthropic-version", value: "2023-06-01")
        }

        let response: UpstreamClient.Response
        do {
            response = try await client.execute(
                endpoint: endpoint, headers: headers, body: ByteBuffer(bytes: request.body), stream: request.stream,
                timeout: timeout)
        } catch {
            throw Self.map(error)
        }
        let status = Int(response.status.code)
        let contentType = response.headers.first(name: "content-type") ?? "application/json"
        switch response.body {
        case .stream(let body):
            return UpstreamResponse(status: status, contentType: contentType, body: .stream(MappedBody(base: body)))
        case .full(let buffer):
            return UpstreamResponse(status: status, contentType: contentType, body: .full(Array(buffer.readableBytesView)))
        }
    }

    /// Transport errors become `upstream_timeout` (504) or `upstream_error` (502); the message names no URL or key.
    static func map(_ error: any Error) -> GatewayError {
        if let error = error as? GatewayError { return error }
        if let error = error as? UpstreamClientError, error.isTimeout {
            return GatewayError(.upstreamTimeout, "the upstream provider did not answer in time")
        }
        return GatewayError(.upstreamFailure, "the upstream provider could not be reached or failed")
    }
}

/// The upstream's body with transport errors mapped to ``GatewayError``.
struct MappedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: UpstreamBody

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: UpstreamBody.AsyncIterator
        @concurrent mutating func next() async throws -> ByteBuffer? {
            do { return try await base.next() } catch { throw HTTPProvider.map(error) }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }
}
