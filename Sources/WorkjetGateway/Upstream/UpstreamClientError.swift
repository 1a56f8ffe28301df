/// Why an upstream exchange failed: a stable code and a message that names no URL, host or key.
///
/// ``HTTPProvider`` maps the timeout codes to `upstream_timeout` (504) and the others to `upstream_error` (502).
public struct UpstreamClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text, for example `connect_timeout`.
        public let rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// No connection could be opened within the connect timeout.
        public static let connectTimeout = Code(rawValue: "connect_timeout")
        /// The answer (its head, or for a collected body the whole of it; for a stream, the next chunk) did not come in time.
        public static let timeout = Code(rawValue: "timeout")
        /// The connection could not be opened: refused, unresolvable host, failed TLS handshake.
        public static let connectFailed = Code(rawValue: "connect_failed")
        /// The connection closed or failed before the answer was complete.
        public static let connectionClosed = Code(rawValue: "connection_closed")
        /// The upstream's bytes are not a valid HTTP/1.1 response.
        public static let invalidResponse = Code(rawValue: "invalid_response")
        /// A collected body is larger than the client's limit.
        public static let bodyTooLarge = Code(rawValue: "body_too_large")
        /// The request was cancelled by its caller.
        public static let cancelled = Code(rawValue: "cancelled")
        /// The client has been shut down.
        public static let shutDown = Code(rawValue: "shut_down")
    }

    /// The code.
    public var code: Code
    /// What went wrong, without a URL, host or key.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Whether the upstream was too slow, as opposed to failing.
    public var isTimeout: Bool { code == .connectTimeout || code == .timeout }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    static let closed = UpstreamClientError(.connectionClosed, "the upstream closed the connection before the answer was complete")
    static let timedOut = UpstreamClientError(.timeout, "the upstream did not answer in time")
}
