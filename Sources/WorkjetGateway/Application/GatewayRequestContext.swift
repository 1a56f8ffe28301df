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

    /// Creates the context for a request on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientIP = source.channel.remoteAddress?.ipAddress
    }

    /// The principal, or `missing_api_key` if the route was reached without authentication.
    func requirePrincipal() throws(GatewayError) -> Principal {
        guard let principal else { throw GatewayError(.missingAPIKey, "this route needs an API key") }
        return principal
    }
}
