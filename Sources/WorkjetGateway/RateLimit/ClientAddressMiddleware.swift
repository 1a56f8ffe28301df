import Hummingbird

/// Puts the client's address (see ``ClientAddressResolver``) in the request context, before
/// authentication, so that audit records and per-IP limits see the same address.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let resolver: ClientAddressResolver

    static let forwardedFor = HeaderName.make("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientIP = try resolver.resolve(peer: context.clientIP, forwardedFor: request.headers[values: Self.forwardedFor])
        return try await next(request, context)
    }
}
