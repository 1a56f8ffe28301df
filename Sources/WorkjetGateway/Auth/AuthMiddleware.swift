import Hummingbird

/// Authenticates `Authorization: Bearer wj_live_…` (OpenAI SDKs) or `x-api-key: wj_live_…` (Anthropic SDKs).
///
/// A request without a valid key is charged to its client address's request limit (`rate_limits.per_ip`)
/// and answered 401, or 429 once that limit is spent: the per-address limit holds for whoever sends
/// from the address, not only for holders of a key. (Before, a hundred wrong keys from one address
/// were a hundred 401s, and the address's own limit stayed untouched.)
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let keys: KeyService
    let audit: AuditLog
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let principal: Principal
        do {
            principal = try await keys.authenticate(Self.presentedKey(request.headers))
        } catch let error as GatewayError where error.code == .missingAPIKey || error.code == .invalidAPIKey {
            if let decision = try await limiter.admitUnauthenticated(clientIP: context.clientIP), !decision.allowed {
                return RateLimiter.refusal(decision, path: request.uri.path)
            }
            throw error
        }
        context.principal = principal
        audit.noteKeyUse(principal.keyID)
        return try await next(request, context)
    }

    static func presentedKey(_ headers: HTTPFields) -> String? {
        if let authorization = headers[.authorization] {
            // The usual `Bearer <key>`, without splitting and lower-casing: what the general case below returns for it.
            let utf8 = authorization.utf8
            if utf8.count > 7, utf8.starts(with: "Bearer ".utf8) {
                let key = utf8.dropFirst(7)
                // A key of visible ASCII (every real one) has nothing to trim: no pass over Characters.
                if key.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return String(Substring(key)) }
                return String(Substring(key)).trimmingWhitespace()
            }
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingWhitespace() }
            return nil
        }
        return headers[HeaderName.apiKey]?.trimmingWhitespace()
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
