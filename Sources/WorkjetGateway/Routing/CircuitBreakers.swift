import Synchronization

/// A circuit breaker per deployment: closed until `failures` consecutive failures, then open (calls
/// skip the deployment) for the cool-down; after it, one probe call is let through (half-open): success
/// closes the circuit, failure opens it for another cool-down.
public final class CircuitBreakers: Sendable {
    /// What a caller may do with a deployment now.
    public enum Admission: Sendable, Hashable {
        /// Closed: call it.
        case closed
        /// Half-open: this call is the one probe.
        case probe
        /// Open: skip it.
        case open
    }

    private struct State {
        var failures = 0
        var openUntil: UInt64?
        var probing = false
    }

    let threshold: Int
    let cooldownNanoseconds: UInt64
    private let states = Mutex<[String: State]>([:])

    /// Creates breakers from the routing configuration's settings.
    public init(_ settings: RoutingConfiguration.Breaker) {
        threshold = settings.failures
        cooldownNanoseconds = UInt64(settings.cooldownSeconds * 1_000_000_000)
    }

    /// Whether to call the deployment now (and, past the cool-down, claim the single probe).
    public func admit(_ id: String, now: UInt64) -> Admission {
        states.withLock { states in
            guard let openUntil = states[id]?.openUntil else { return .closed }
            if now < openUntil || states[id]!.probing { return .open }
            states[id]!.probing = true
            return .probe
        }
    }

    /// A call succeeded: the circuit closes.
    public func succeeded(_ id: String) {
        states.withLock { _ = $0.removeValue(forKey: id) }
    }

    /// A call failed: counts towards opening, or reopens after a failed probe.
    public func failed(_ id: String, now: UInt64) {
        states.withLock { states in
            var state = states[id] ?? State()
            state.failures += 1
            if state.probing || state.failures >= threshold {
                state.openUntil = now + cooldownNanoseconds
                state.probing = false
            }
            states[id] = state
        }
    }

    /// Whether the circuit is open (for tests and metrics).
    public func isOpen(_ id: String, now: UInt64) -> Bool {
        states.withLock { $0[id]?.openUntil.map { now < $0 } ?? false }
    }
}
