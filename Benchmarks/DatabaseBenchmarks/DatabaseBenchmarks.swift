// Engine (Hyperscan database) build time and memory: the built-ins plus 0, 100 and 1000 custom patterns,
// and the stream-mode database that the first `makeStream()` compiles.
import BenchData
import Benchmark
import WorkjetEngine

/// Size of the compiled block-mode database, in bytes.
let databaseBytes = BenchmarkMetric.custom("database bytes", polarity: .prefersSmaller, useScalingFactor: false)

// Build wall clock and resident-peak deltas swing widely between runs here even on an idle machine
// (two consecutive quiet runs: 1166 and 1829 ms for +100 patterns; 11 and 20 MB resident peak for +1000),
// so they only flag a doubling; bytes allocated and database size are steady and carry the tight checks.
var timeTolerance: BenchmarkThresholds { BenchmarkThresholds(relative: [.p50: 100.0, .p90: 100.0]) }
var residentTolerance: BenchmarkThresholds { BenchmarkThresholds(relative: [.p50: 100.0, .p90: 100.0]) }
var memoryTolerance: BenchmarkThresholds { BenchmarkThresholds(relative: [.p50: 15.0, .p90: 15.0]) }
var sizeTolerance: BenchmarkThresholds { BenchmarkThresholds(relative: [.p50: 2.0, .p90: 2.0]) }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResidentDelta, .mallocBytesCount, databaseBytes],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 10,
        thresholds: [
            .wallClock: timeTolerance, .peakMemoryResidentDelta: residentTolerance, .mallocBytesCount: memoryTolerance,
            databaseBytes: sizeTolerance,
        ])

    for custom in [0, 100, 1000] {
        Benchmark("Engine_build,_built-ins_+_\(custom)_custom_patterns") { benchmark, registry in
            let engine = try Engine(registry: registry)
            benchmark.measurement(databaseBytes, engine.databaseSize)
            blackHole(engine)
        } setup: {
            try Workload.registry(custom: custom)
        }
    }

    Benchmark(
        "Stream_database_build,_built-ins_(first_makeStream)",
        configuration: .init(maxDuration: .seconds(30), maxIterations: 5)
    ) { benchmark in
        let engine = try Engine()
        benchmark.startMeasurement()
        blackHole(try engine.makeStream())
        benchmark.stopMeasurement()
    }
}
