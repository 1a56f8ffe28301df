import Hummingbird
import Logging

/// Applies ``RateLimitConfiguration`` to a caller: turns the key and client IP into bucket charges on a
/// ``RateLimitStore`` and the decision into headers.
public struct RateLimiter: Sendable {
    /// The limits.
    public let configuration: RateLimitConfiguration
    let store: any RateLimitStore
    let clock: any ControlClock
    let logger: Logger

    /// Creates a limiter over a store.
    public init(configuration: RateLimitConfiguration, store: any RateLimitStore, clock: any ControlClock, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Admits one request (or not); nil when no limit applies to this caller.
    public func admit(keyID: String?, clientIP: String?) async throws -> RateLimitDecision? {
        try await acquire(charges(keyID: keyID, clientIP: clientIP, requests: 1, tokens: 0))
    }

    /// Admits one request that presented no valid key against its client address's request limit only (a
    /// key's limits need a key); nil when no such limit applies.
    public func admitUnauthenticated(clientIP: String?) async throws -> RateLimitDecision? {
        try await acquire(charges(keyID: nil, clientIP: clientIP, requests: 1, tokens: 0).filter { $0.bucket.hasSuffix(":requests") })
    }

    private func acquire(_ charges: [RateLimitCharge]) async throws -> RateLimitDecision? {
        guard !charges.isEmpty else { return nil }
        return try await store.acquire(charges, now: clock.monotonicNanoseconds())
    }

    /// Charges the tokens a response used to the caller's token buckets. A store failure is logged, not
    /// thrown: the answer has already been produced.
    public func chargeTokens(_ tokens: Int, keyID: String?, clientIP: String?) async {
        guard tokens > 0 else { return }
        let charges = charges(keyID: keyID, clientIP: clientIP, requests: 0, tokens: tokens).filter { $0.bucket.hasSuffix(":tokens") }
        guard !charges.isEmpty else { return }
        do { try await store.charge(charges, now: clock.monotonicNanoseconds()) } catch {
            logger.error("rate-limit store failed to charge tokens", metadata: ["error.type": "\(type(of: error))"])
        }
    }

    func charges(keyID: String?, clientIP: String?, requests: Int, tokens: Int) -> [RateLimitCharge] {
        var charges: [RateLimitCharge] = []
        func add(_ rule: RateLimitRule, _ prefix: String) {
            if let limit = rule.requestsPerMinute {
                charges.append(RateLimitCharge(bucket: prefix + ":requests", quota: .perMinute(limit), cost: requests))
            }
            if let limit = rule.tokensPerMinute {
                charges.append(RateLimitCharge(bucket: prefix + ":tokens", quota: .perMinute(limit), cost: tokens))
            }
        }
        if let keyID { add(configuration.perKey, "key:" + keyID) }
        if let clientIP { add(configuration.perIP, "ip:" + clientIP) }
        return charges
    }

    /// `X-RateLimit-Limit`, `-Remaining`, `-Reset` (seconds until full) of the tightest bucket, and
    /// `Retry-After` when denied.
    static func headers(_ decision: RateLimitDecision) -> HTTPFields {
        var headers = HTTPFields()
        guard let tightest = decision.states.min(by: { $0.remaining < $1.remaining }) else { return headers }
        headers[HeaderName.rateLimitLimit] = String(tightest.limit)
        headers[HeaderName.rateLimitRemaining] = String(tightest.remaining)
        headers[HeaderName.rateLimitReset] = String(seconds(tightest.resetNanoseconds))
        if !decision.allowed { headers[HeaderName.retryAfter] = String(max(1, seconds(decision.retryAfterNanoseconds))) }
        return headers
    }

    static func seconds(_ nanoseconds: UInt64) -> UInt64 { (nanoseconds + 999_999_999) / 1_000_000_000 }

    /// The 429 answer to a denied request, in the style of the route at `path`, with the limit's headers.
    static func refusal(_ decision: RateLimitDecision, path: String) -> Response {
        ErrorRenderer.response(for: error(decision), style: .of(path: path), headers: headers(decision))
    }

    /// The error for a denied request, naming the limit that was hit.
    static func error(_ decision: RateLimitDecision) -> GatewayError {
        let hit = decision.states.filter { $0.remaining == 0 }.map { state -> String in
            let owner = state.bucket.hasPrefix("key:") ? "API key" : "client IP"
            let unit = state.bucket.hasSuffix(":tokens") ? "tokens" : "requests"
            return "\(state.limit) \(unit) per minute per \(owner)"
        }
        let retry = max(1, seconds(decision.retryAfterNanoseconds))
        return GatewayError(
            .rateLimited, "rate limit exceeded (\(hit.isEmpty ? "limit reached" : hit.joined(separator: ", "))); retry after \(retry) s")
    }
}

extension HeaderName {
    static let rateLimitLimit = Name("X-RateLimit-Limit")!
    static let rateLimitRemaining = Name("X-RateLimit-Remaining")!
    static let rateLimitReset = Name("X-RateLimit-Reset")!
    static let retryAfter = Name("Retry-After")!
}
