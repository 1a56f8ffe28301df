import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage, the authenticated principal and the peer address.
public struct GatewayRequestContext: RequestContext {
    /// Hummingbird's storage (logger, parameters, endpoint).
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware.
    public var principal: Principal?
    /// The client's IP address (from the socket).
    public var clientIP: String?
    /// Hummingbird's request id (``RequestContext/id``), rendered once: the audit record and the
    /// `X-Request-Id` header both need it, and each read of `id` formats it from the logger's metadata again.
    public let requestID: String

    /// Creates the context for a request on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientIP = source.channel.remoteAddress?.ipAddress
        requestID = source.logger[metadataKey: "hb.request.id"]?.description ?? ""
    }

    /// The principal, or `missing_api_key` if the route was reached without authentication.
    func requirePrincipal() throws(GatewayError) -> Principal {
        guard let principal else { throw GatewayError(.missingAPIKey, "this route needs an API key") }
        return principal
    }
}
