import Hummingbird

/// Admits or refuses each authenticated `/v1` request before its body is read: 429 with `Retry-After`
/// when a bucket is empty, `X-RateLimit-*` on every answer. Refusals are not audited: they cost the
/// gateway nothing, and auditing them would let a flood write the audit log.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let decision = try await limiter.admit(keyID: principal.keyID, clientIP: context.clientIP) else {
            return try await next(request, context)
        }
        guard decision.allowed else { return RateLimiter.refusal(decision, path: request.uri.path) }
        var response = try await next(request, context)
        for field in RateLimiter.headers(decision) { response.headers[field.name] = field.value }
        return response
    }
}
