import Synchronization

/// Rate limits in this process's memory, by the generic cell rate algorithm (GCRA).
///
/// A bucket is one number, its theoretical arrival time (TAT): each unit pushes it `period / limit`
/// nanoseconds further; a charge fits while the TAT stays within `limit` units of now. Every decision
/// happens under one lock, so concurrent requests can never both take the last unit: 1,000 concurrent
/// requests against a limit of 100 admit exactly 100. Buckets that have refilled completely carry no
/// information and are swept once the table grows.
public final class InProcessRateLimitStore: RateLimitStore {
    private struct Table {
        var arrival: [String: UInt64] = [:]
        var sweepAt = 4096
    }

    private let table = Mutex(Table())

    /// An empty store.
    public init() {}

    /// Takes every charge or none, under the table lock.
    public func acquire(_ charges: [RateLimitCharge], now: UInt64) async throws -> RateLimitDecision {
        table.withLock { table in
            var states: [RateLimitState] = []
            var proposed: [UInt64] = []
            var retry: UInt64 = 0
            for charge in charges {
                let interval = Self.interval(charge.quota)
                let capacity = interval * UInt64(charge.quota.limit)
                let current = max(table.arrival[charge.bucket] ?? now, now)
                let needed = current + interval * UInt64(max(charge.cost, 1))
                if needed - now > capacity { retry = max(retry, needed - capacity - now) }
                let after = charge.cost == 0 ? current : needed
                proposed.append(after)
                states.append(Self.state(charge, arrival: after, now: now, interval: interval, capacity: capacity))
            }
            guard retry == 0 else {
                let unchanged = charges.map { charge in
                    let interval = Self.interval(charge.quota)
                    return Self.state(
                        charge, arrival: max(table.arrival[charge.bucket] ?? now, now), now: now, interval: interval,
                        capacity: interval * UInt64(charge.quota.limit))
                }
                return RateLimitDecision(allowed: false, states: unchanged, retryAfterNanoseconds: retry)
            }
            for (charge, arrival) in zip(charges, proposed) where charge.cost > 0 {
                table.arrival[charge.bucket] = arrival
            }
            Self.sweepIfLarge(&table, now: now)
            return RateLimitDecision(allowed: true, states: states, retryAfterNanoseconds: 0)
        }
    }

    /// Pushes each bucket's arrival time by its cost, into debt if need be.
    public func charge(_ charges: [RateLimitCharge], now: UInt64) async throws {
        table.withLock { table in
            for charge in charges where charge.cost > 0 {
                let current = max(table.arrival[charge.bucket] ?? now, now)
                table.arrival[charge.bucket] = current + Self.interval(charge.quota) * UInt64(charge.cost)
            }
            Self.sweepIfLarge(&table, now: now)
        }
    }

    /// Buckets currently held (for tests of the sweep).
    var bucketCount: Int { table.withLock { $0.arrival.count } }

    static func interval(_ quota: RateLimitQuota) -> UInt64 {
        max(1, quota.periodNanoseconds / UInt64(max(quota.limit, 1)))
    }

    static func state(_ charge: RateLimitCharge, arrival: UInt64, now: UInt64, interval: UInt64, capacity: UInt64) -> RateLimitState {
        let used = arrival - now
        let remaining = used >= capacity ? 0 : Int((capacity - used) / interval)
        return RateLimitState(bucket: charge.bucket, limit: charge.quota.limit, remaining: remaining, resetNanoseconds: used)
    }

    private static func sweepIfLarge(_ table: inout Table, now: UInt64) {
        guard table.arrival.count >= table.sweepAt else { return }
        table.arrival = table.arrival.filter { $0.value > now }
        table.sweepAt = max(4096, table.arrival.count * 2)
    }
}
