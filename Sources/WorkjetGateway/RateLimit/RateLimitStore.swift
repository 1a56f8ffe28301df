/// A bucket's size: `limit` units per `periodNanoseconds`, bursts up to `limit`.
public struct RateLimitQuota: Sendable, Hashable {
    /// Units per period.
    public var limit: Int
    /// The period, in nanoseconds.
    public var periodNanoseconds: UInt64

    /// Creates a quota.
    public init(limit: Int, periodNanoseconds: UInt64) {
        self.limit = limit
        self.periodNanoseconds = periodNanoseconds
    }

    /// `limit` per minute.
    public static func perMinute(_ limit: Int) -> RateLimitQuota { RateLimitQuota(limit: limit, periodNanoseconds: 60_000_000_000) }
}

/// Units to take from one bucket.
public struct RateLimitCharge: Sendable, Hashable {
    /// The bucket's name, for example `key:3f2a…:requests` or `ip:203.0.113.7:tokens`.
    public var bucket: String
    /// The bucket's size.
    public var quota: RateLimitQuota
    /// Units to take; 0 only checks that at least one unit is left (tokens, charged after the response).
    public var cost: Int

    /// Creates a charge.
    public init(bucket: String, quota: RateLimitQuota, cost: Int) {
        self.bucket = bucket
        self.quota = quota
        self.cost = cost
    }
}

/// A bucket after a decision: what the `X-RateLimit-*` headers report.
public struct RateLimitState: Sendable, Hashable {
    /// The bucket.
    public var bucket: String
    /// Its limit per period.
    public var limit: Int
    /// Units left now.
    public var remaining: Int
    /// Nanoseconds until the bucket is full again.
    public var resetNanoseconds: UInt64
}

/// The answer to ``RateLimitStore/acquire(_:now:)``.
public struct RateLimitDecision: Sendable, Hashable {
    /// Whether every charge was taken (all or nothing).
    public var allowed: Bool
    /// Each bucket after the decision, in the order of the charges.
    public var states: [RateLimitState]
    /// When denied: nanoseconds until the same request would be admitted.
    public var retryAfterNanoseconds: UInt64
}

/// Where rate-limit state lives. ``InProcessRateLimitStore`` keeps it in memory (one gateway instance);
/// a store shared by several instances (Redis, PostgreSQL) implements the same two calls atomically.
///
/// Time is passed in, never read by the store, so that every instance and test agrees on it.
public protocol RateLimitStore: Sendable {
    /// Takes every charge, or none if any bucket lacks the units. Atomic with respect to every other call.
    func acquire(_ charges: [RateLimitCharge], now: UInt64) async throws -> RateLimitDecision
    /// Takes the units unconditionally, even into debt (tokens reported after the response).
    func charge(_ charges: [RateLimitCharge], now: UInt64) async throws
}
