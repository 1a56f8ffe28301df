import Foundation

/// Runs jobs on a fixed number of threads that each take the next unclaimed job when they finish one
/// (largest inputs first), so a worker stuck on a big file never holds up the others.
///
/// Threads rather than tasks: scanning is blocking CPU and file work, which must not occupy Swift's
/// cooperative pool; each thread keeps its engine scratch and its read buffer warm across jobs.
public struct WorkerPool: Sendable {
    /// Number of threads.
    public var jobs: Int

    /// Creates a pool; `jobs` below 1 means 1.
    public init(jobs: Int) {
        self.jobs = max(1, jobs)
    }

    /// Calls `work` for every target and blocks until all are done; `work` runs on the pool's threads.
    public func run(_ targets: [ScanTarget], work: @escaping @Sendable (ScanTarget) -> Void) {
        run(jobs: Self.order(targets)) { target, _ in work(target) }
    }

    /// Standard input first (a pipe may be waiting on us), then largest first.
    static func order(_ targets: [ScanTarget]) -> [ScanTarget] {
        // The keys apart from the targets: comparing copies of targets compared `path` with "-" and retained and
        // released both paths at every comparison, two thirds of planning a run of 10,000 files.
        let keys = targets.map { (standardInput: $0.isStandardInput, size: $0.size) }
        return keys.indices.sorted { a, b in
            let (x, y) = (keys[a], keys[b])
            if x.standardInput != y.standardInput { return x.standardInput }
            return x.size != y.size ? x.size > y.size : a < b
        }.map { targets[$0] }
    }

    /// Calls `work` for every job, claimed in the given order, and blocks until all are done. Each thread
    /// passes `work` its own ``WorkerScratch``, reused across the jobs it runs, and `finish` that scratch
    /// when no job is left (to write out what it still holds).
    func run<Job: Sendable>(
        jobs list: [Job], work: @escaping @Sendable (Job, inout WorkerScratch) -> Void,
        finish: @escaping @Sendable (inout WorkerScratch) -> Void = { _ in }
    ) {
        let next = LockedBox(0)
        let claim: @Sendable () -> Job? = {
            next.withLock { index in
                guard index < list.count else { return nil }
                defer { index += 1 }
                return list[index]
            }
        }
        let threads = min(jobs, max(1, list.count))
        if threads == 1 {
            var scratch = WorkerScratch()
            while let job = claim() { work(job, &scratch) }
            finish(&scratch)
            return
        }
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            let thread = Thread {
                var scratch = WorkerScratch()
                while let job = claim() { work(job, &scratch) }
                finish(&scratch)
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

/// Per-thread state a worker reuses across jobs: the buffer files and chunks of large files are read into
/// (so a 10 GB file costs one chunk-sized allocation per thread, not one per chunk, and 10,000 small files
/// one between them), and the JSON lines of whole files not written yet.
struct WorkerScratch {
    var buffer: [UInt8] = []
    var output: [UInt8] = []
}
