import Foundation
import Synchronization

/// The time source of rate limits and budgets: monotonic nanoseconds for buckets, wall-clock
/// milliseconds for budget months.
///
/// Behind a protocol so that tests can hold time still (a limit of 100 per minute then admits exactly
/// 100, however long the machine takes to serve 1,000 requests) and so that a shared store can use the
/// same notion of time as the gateway.
public protocol ControlClock: Sendable {
    /// Monotonic time in nanoseconds (only differences matter).
    func monotonicNanoseconds() -> UInt64
    /// Wall-clock time, milliseconds since 1970 (budget months are UTC calendar months).
    func wallMillis() -> Int64
}

/// The real clock.
public struct SystemControlClock: ControlClock {
    /// Creates the clock.
    public init() {}

    /// Nanoseconds since boot (monotonic).
    public func monotonicNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// The system wall clock.
    public func wallMillis() -> Int64 { WallClock.nowMillis() }
}

/// A clock that moves only when told to; for tests and simulations.
public final class ManualControlClock: ControlClock {
    private let state: Mutex<(nanos: UInt64, millis: Int64)>

    /// Starts at the given times.
    public init(monotonicNanoseconds: UInt64 = 1_000_000_000, wallMillis: Int64 = WallClock.nowMillis()) {
        state = Mutex((monotonicNanoseconds, wallMillis))
    }

    /// The held monotonic time.
    public func monotonicNanoseconds() -> UInt64 { state.withLock { $0.nanos } }

    /// The held wall-clock time.
    public func wallMillis() -> Int64 { state.withLock { $0.millis } }

    /// Moves both clocks forward.
    public func advance(seconds: Double) {
        state.withLock {
            $0.nanos += UInt64(seconds * 1_000_000_000)
            $0.millis += Int64(seconds * 1000)
        }
    }
}
