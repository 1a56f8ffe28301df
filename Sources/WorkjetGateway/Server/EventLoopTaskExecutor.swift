import NIOCore

/// A task executor that runs jobs on one SwiftNIO event loop.
///
/// A connection's task that prefers this executor runs its request handling on the loop that reads and writes
/// the connection's socket, so handing a request to the handler, calling the upstream (whose pool is per loop)
/// and writing the answer need no switch between threads.
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop the jobs run on.
    let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs synchronous work that takes long (compiling a policy's engine: 0.3 s for the built-ins, seconds
    /// with many custom rules) on Swift concurrency's global pool, so that the event loop the calling task
    /// runs on keeps serving its other connections meanwhile.
    static func runOffLoop<T: Sendable>(_ work: @Sendable () throws -> T) async throws -> T {
        try await withTaskExecutorPreference(globalConcurrentExecutor) { try work() }
    }
}
