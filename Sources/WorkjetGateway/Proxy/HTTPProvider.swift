import AsyncHTTPClient
import Foundation
import NIOCore

/// An OpenAI-compatible or Anthropic upstream, called through a shared, pooled `HTTPClient`.
///
/// The provider's API key is read from the environment at start-up and only ever written into the
/// upstream request's auth header.
public struct HTTPProvider: Provider {
    public let name: String
    let kind: ProviderConfiguration.Kind
    let endpoint: String
    let apiKey: String?
    let client: HTTPClient
    let timeout: TimeAmount

    /// Creates a provider from its configuration.
    public init(configuration: ProviderConfiguration, client: HTTPClient, timeoutSeconds: Double, environment: [String: String]) {
        name = configuration.name
        kind = configuration.kind
        var base = configuration.baseURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        endpoint = kind == .anthropic
            ? (base.hasSuffix("/v1") ? base + "/messages" : base + "/v1/messages") : base + "/chat/completions"
        apiKey = configuration.apiKeyEnvironment.flatMap { environment[$0] }
        self.client = client
        timeout = .nanoseconds(Int64(timeoutSeconds * 1_000_000_000))
    }

    public func speaks(_ style: APIStyle) -> Bool { (style == .openAI) == (kind == .openai) }

    public func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        var upstream = HTTPClientRequest(url: endpoint)
        upstream.method = .POST
        upstream.headers.add(name: "content-type", value: "application/json")
        upstream.headers.add(name: "accept", value: request.stream ? "text/event-stream" : "application/json")
        if let apiKey {
            if kind == .anthropic {
                upstream.headers.add(name: "x-api-key", value: apiKey)
            } else {
                upstream.headers.add(name: "authorization", value: "Bearer \(apiKey)")
            }
        }
        for (name, value) in request.passThroughHeaders { upstream.headers.add(name: name, value: value) }
        if kind == .anthropic, !upstream.headers.contains(name: "anthropic-version") {
            upstream.headers.add(name: "anthropic-version", value: "2023-06-01")
        }
        upstream.body = .bytes(ByteBuffer(bytes: request.body))

        let response: HTTPClientResponse
        do {
            response = try await client.execute(upstream, timeout: timeout)
        } catch {
            throw Self.map(error)
        }
        let status = Int(response.status.code)
        let contentType = response.headers.first(name: "content-type") ?? "application/json"
        if request.stream, (200..<300).contains(status) {
            return UpstreamResponse(status: status, contentType: contentType, body: .stream(MappedBody(base: response.body)))
        }
        do {
            let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return UpstreamResponse(status: status, contentType: contentType, body: .full(Array(buffer.readableBytesView)))
        } catch {
            throw Self.map(error)
        }
    }

    /// Transport errors become `upstream_timeout` (504) or `upstream_error` (502); the message names no URL or key.
    static func map(_ error: any Error) -> GatewayError {
        if let error = error as? GatewayError { return error }
        if let error = error as? HTTPClientError,
            [HTTPClientError.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error)
        {
            return GatewayError(.upstreamTimeout, "the upstream provider did not answer in time")
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return GatewayError(.upstreamTimeout, "the upstream provider did not answer in time")
        }
        return GatewayError(.upstreamFailure, "the upstream provider could not be reached or failed")
    }
}

/// The upstream's body with transport errors mapped to ``GatewayError``.
struct MappedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: HTTPClientResponse.Body

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        mutating func next() async throws -> ByteBuffer? {
            do { return try await base.next() } catch { throw HTTPProvider.map(error) }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }
}
