import Foundation

/// Where upstream requests go: an `http` or `https` URL, parsed once when a provider is configured.
///
/// ```swift
/// let endpoint = UpstreamEndpoint(url: "https://api.openai.com/v1/chat/completions")!
/// // endpoint.tls == true, endpoint.host == "api.openai.com", endpoint.port == 443, endpoint.path == "/v1/chat/completions"
/// ```
public struct UpstreamEndpoint: Sendable, Hashable {
    /// Whether the connection uses TLS (`https`).
    public var tls: Bool
    /// The host name or address (an IPv6 address without brackets).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The request target: path and query, for example `/v1/messages`.
    public var path: String

    /// Creates an endpoint from its parts.
    public init(tls: Bool, host: String, port: Int, path: String) {
        self.tls = tls
        self.host = host
        self.port = port
        self.path = path.isEmpty ? "/" : path
    }

    /// Parses an absolute `http` or `https` URL; nil for any other scheme, or a URL without a host.
    public init?(url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", var host = components.host, !host.isEmpty
        else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let tls = scheme == "https"
        var path = components.percentEncodedPath
        if let query = components.percentEncodedQuery { path += "?" + query }
        self.init(tls: tls, host: host, port: components.port ?? (tls ? 443 : 80), path: path)
    }

    /// The `host` header's value: the port only when it is not the scheme's default.
    ///
    /// Read on every upstream request: the colon test looks at bytes, not through Foundation's
    /// `contains(_:)` for strings (a `CFString` search, 0.7 % of the gateway's CPU in the benchmark's profile).
    public var hostHeader: String {
        let name = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// What a pooled connection is shared by: scheme, host and port.
    var key: Key { Key(tls: tls, host: host, port: port) }

    /// The pool key of an endpoint.
    struct Key: Hashable, Sendable {
        var tls: Bool
        var host: String
        var port: Int
    }
}
