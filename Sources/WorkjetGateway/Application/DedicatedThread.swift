import Foundation
import ServiceLifecycle

/// A service's `run()` for work that blocks (SQLite commits and checkpoints): the loop runs on a thread
/// of its own, not on one of the few Swift concurrency threads, and is asked to stop on graceful
/// shutdown or cancellation.
enum DedicatedThread {
    /// Runs `loop` on a new thread named `name` and returns when it returns; `stop` is called on graceful
    /// shutdown or cancellation and must make `loop` return soon.
    static func run(named name: String, _ loop: @escaping @Sendable () -> Void, stop: @escaping @Sendable () -> Void) async {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                    let thread = Thread {
                        loop()
                        finished.resume()
                    }
                    thread.name = name
                    thread.start()
                }
            } onCancel: {
                stop()
            }
        } onGracefulShutdown: {
            stop()
        }
    }
}
