import NIOCore

/// An upstream that answers chat requests: the built-in echo, an OpenAI-compatible API, Anthropic.
public protocol Provider: Sendable {
    /// The configured name.
    var name: String { get }
    /// Which request schemas it speaks natively.
    func speaks(_ style: APIStyle) -> Bool
    /// Sends a (scanned) request. Throws ``GatewayError`` `upstream_timeout` or `upstream_error`.
    func send(_ request: UpstreamRequest) async throws -> UpstreamResponse
}

/// What the gateway forwards.
public struct UpstreamRequest: Sendable {
    /// The request schema.
    public var style: APIStyle
    /// The JSON body, after DLP.
    public var body: [UInt8]
    /// Whether the client asked for a stream.
    public var stream: Bool
    /// Headers to pass through (for example `anthropic-version`, `anthropic-beta`).
    public var passThroughHeaders: [(String, String)]
}

/// What the upstream answered.
public struct UpstreamResponse: Sendable {
    /// The body: whole, or a stream of chunks relayed as they come.
    public enum Body: Sendable {
        /// A complete body.
        case full([UInt8])
        /// Server-sent events, chunk by chunk.
        case stream(any AsyncSequence<ByteBuffer, any Error> & Sendable)
    }

    /// HTTP status.
    public var status: Int
    /// Content type.
    public var contentType: String
    /// The body.
    public var body: Body
}
