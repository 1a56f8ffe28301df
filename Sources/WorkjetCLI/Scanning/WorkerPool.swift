import Foundation

/// Runs jobs on a fixed number of threads that each take the next unclaimed input when they finish
/// one (largest inputs first), so a worker stuck on a big file never holds up the others.
///
/// Threads rather than tasks: scanning is blocking CPU and file work, which must not occupy Swift's
/// cooperative pool; each thread keeps its engine scratch warm across files.
public struct WorkerPool: Sendable {
    /// Number of threads.
    public var jobs: Int

    /// Creates a pool; `jobs` below 1 means 1.
    public init(jobs: Int) {
        self.jobs = max(1, jobs)
    }

    /// Calls `work` for every target and blocks until all are done; `work` runs on the pool's threads.
    public func run(_ targets: [ScanTarget], work: @escaping @Sendable (ScanTarget) -> Void) {
        // Standard input first (a pipe may be waiting on us), then largest first.
        let order = targets.indices.sorted { a, b in
            let (x, y) = (targets[a], targets[b])
            if x.isStandardInput != y.isStandardInput { return x.isStandardInput }
            return x.size != y.size ? x.size > y.size : a < b
        }
        let next = LockedBox(0)
        let claim: @Sendable () -> ScanTarget? = {
            next.withLock { index in
                guard index < order.count else { return nil }
                defer { index += 1 }
                return targets[order[index]]
            }
        }
        let threads = min(jobs, max(1, targets.count))
        if threads == 1 {
            while let target = claim() { work(target) }
            return
        }
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            let thread = Thread {
                while let target = claim() { work(target) }
                done.leave()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        done.wait()
    }

    /// The default job count: every core the process may use.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}
