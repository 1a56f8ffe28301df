// Scan throughput, latency and allocations of the engine, one thread, release build.
// Run: `make bench` (README.md explains the table and the thresholds).
// Names carry no spaces or slashes: package-benchmark 1.38.1 writes threshold files under a
// shell-safe name (both replaced by '_') but looks them up by the raw name.
import BenchData
import Benchmark
import WorkjetEngine

/// Megabytes (10^6 bytes) per second of one iteration; larger is better.
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// Time-based results on two shared cores are noisy (idle runs differ by up to ~30 %): a regression
/// must exceed 50 % at p50 and p90 before the threshold check reports it. The precise gate is the
/// instruction count (instructions.py, 3 %). Allocation counts are deterministic: 2 % slack.
var timeTolerance: BenchmarkThresholds { BenchmarkThresholds(relative: [.p50: 50.0, .p90: 50.0]) }
var countTolerance: BenchmarkThresholds { BenchmarkThresholds(relative: [.p50: 2.0, .p90: 2.0], absolute: [.p50: 2, .p90: 2]) }

/// Shared state, built once per process (corpus generation and the stream database take seconds).
struct Fixture: @unchecked Sendable {
    let engine: Engine
    let corpora: [Workload.Density: [UInt8]]
    let requests: [Int: [[UInt8]]]

    nonisolated(unsafe) static var shared: Fixture?

    static func get() -> Fixture {
        if let shared { return shared }
        do {
            let engine = try Engine()
            _ = try engine.makeStream().finish()  // compile the stream database outside any measurement
            let fixture = Fixture(
                engine: engine,
                corpora: Dictionary(uniqueKeysWithValues: Workload.Density.allCases.map { ($0, Workload.mixed(density: $0)) }),
                requests: Dictionary(uniqueKeysWithValues: [1 << 10, 4 << 10, 64 << 10].map {
                    ($0, Workload.requests(size: $0, count: 64))
                }))
            shared = fixture
            return fixture
        } catch {
            fatalError("benchmark setup failed: \(error)")
        }
    }
}

/// Runs `body` over `bytes` once per iteration and records MB/s.
func measureThroughput(_ benchmark: Benchmark, bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Int) rethrows {
    try bytes.withUnsafeBytes { buffer in
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            blackHole(try body(buffer))
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(megabytesPerSecond, Int(Double(buffer.count) / 1e6 / max(seconds, 1e-9)))
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, megabytesPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 2,
        maxDuration: .seconds(3),
        maxIterations: 40,
        thresholds: [.wallClock: timeTolerance, megabytesPerSecond: timeTolerance])

    // MARK: Throughput, 4 MiB of mixed corpus

    for density in Workload.Density.allCases {
        Benchmark("Raw_hs_scan,_\(density)_(1_\(density.bytesPerEntity)_B)") { benchmark in
            let fixture = Fixture.get()
            try measureThroughput(benchmark, bytes: fixture.corpora[density]!) { try fixture.engine.rawHyperscanScan($0) }
        } setup: {
            _ = Fixture.get()
        }

        Benchmark("Engine_scan,_\(density)_(1_\(density.bytesPerEntity)_B)") { benchmark in
            let fixture = Fixture.get()
            try measureThroughput(benchmark, bytes: fixture.corpora[density]!) { try fixture.engine.scan($0).count }
        } setup: {
            _ = Fixture.get()
        }
    }

    Benchmark("Stream_scan,_64_KB_chunks,_sparse") { benchmark in
        let fixture = Fixture.get()
        try measureThroughput(benchmark, bytes: fixture.corpora[.sparse]!) { buffer in
            let stream = try fixture.engine.makeStream()
            var found = 0
            var offset = 0
            while offset < buffer.count {
                let end = min(offset + (64 << 10), buffer.count)
                found += try stream.write(UnsafeRawBufferPointer(rebasing: buffer[offset..<end])).count
                offset = end
            }
            return found + (try stream.finish().count)
        }
    } setup: {
        _ = Fixture.get()
    }

    Benchmark("Scan_+_redact_(label),_dense") { benchmark in
        let fixture = Fixture.get()
        let redactor = Redactor(style: .label)
        let policy = Policy()
        try measureThroughput(benchmark, bytes: fixture.corpora[.dense]!) { buffer in
            let outcome = try fixture.engine.evaluate(buffer, policy: policy)
            return redactor.redact(buffer, findings: outcome.redactable).count
        }
    } setup: {
        _ = Fixture.get()
    }

    // MARK: Request latency (one scan per iteration; the table's p50 and p99 are the latencies)

    for size in [1 << 10, 4 << 10, 64 << 10] {
        Benchmark(
            "Latency,_\(size >> 10)_KB_request",
            configuration: .init(
                metrics: [.wallClock], timeUnits: .microseconds, warmupIterations: 64, maxDuration: .seconds(3),
                maxIterations: size > 4 << 10 ? 2_000 : 20_000, thresholds: [.wallClock: timeTolerance])
        ) { benchmark in
            let requests = Fixture.get().requests[size]!
            let request = requests[benchmark.currentIteration % requests.count]
            blackHole(try Fixture.get().engine.scan(request))
        } setup: {
            _ = Fixture.get()
        }
    }

    // MARK: Allocations

    Benchmark(
        "Mallocs_per_4_KB_scan_(steady_state)",
        configuration: .init(
            metrics: [.mallocCountTotal, .mallocCountSmall, .mallocCountLarge], warmupIterations: 64,
            maxDuration: .seconds(2), maxIterations: 2_000,
            thresholds: [.mallocCountTotal: countTolerance, .mallocCountSmall: countTolerance, .mallocCountLarge: countTolerance])
    ) { benchmark in
        let fixture = Fixture.get()
        let request = fixture.requests[4 << 10]![0]
        benchmark.startMeasurement()
        blackHole(try fixture.engine.scan(request))
        benchmark.stopMeasurement()
    } setup: {
        _ = Fixture.get()
    }
}
