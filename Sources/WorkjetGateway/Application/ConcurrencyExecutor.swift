import Foundation
import NIOCore
import NIOPosix

/// Where Swift concurrency runs its tasks in `workjet serve`.
///
/// By default tasks run on Swift's own thread pool, while sockets are served by NIO's event loops, so a request
/// crosses between the two several times (the handler's task, the upstream call, its answer). With
/// `WORKJET_NIO_EXECUTOR=1` NIO's event loops become the global executor and those crossings stay on one set of
/// threads. The price: everything a task does (the DLP scan, the key read) then runs on an event loop, so a
/// slow scan delays the other connections of that loop.
public enum ConcurrencyExecutor {
    /// Installs NIO's event loops as the global executor when the environment asks for it; must run before
    /// the first task starts (first thing in `main`). Returns whether they were installed.
    @discardableResult
    public static func installIfRequested(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment["WORKJET_NIO_EXECUTOR"] == "1" else { return false }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
