import Synchronization

/// A value shared between worker threads, behind a lock. (A `Mutex` alone cannot be captured by the
/// escaping closures that threads run.)
final class LockedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }

    /// A copy of the value.
    var value: Value { mutex.withLock { $0 } }
}
