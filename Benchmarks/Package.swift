// swift-tools-version: 6.1
// Throughput and latency benchmarks for the Workjet engine (see README.md; `make bench` from the root).
import PackageDescription

let package = Package(
    name: "workjet-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "workjet", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Workloads shared by the suites and the one-run tool: generated corpora and custom patterns.
        .target(
            name: "BenchData",
            dependencies: [
                .product(name: "WorkjetEngine", package: "workjet"),
                .product(name: "WorkjetCorpus", package: "workjet"),
            ],
            path: "Support/BenchData"),
        // Raw Hyperscan vs engine MB/s and their ratio, plus 4 KB latency, measured in one run.
        .executableTarget(
            name: "workjet-throughput",
            dependencies: ["BenchData", .product(name: "WorkjetEngine", package: "workjet")],
            path: "Support/workjet-throughput"),
        // Instruction counts of the same workloads under callgrind (instructions.py): the noise-free gate.
        .executableTarget(
            name: "workjet-instructions",
            dependencies: ["BenchData", .product(name: "WorkjetEngine", package: "workjet")],
            path: "Support/workjet-instructions"),
        // package-benchmark suites: the plugin runs every executable target whose folder sits in Benchmarks/.
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: ["BenchData", .product(name: "Benchmark", package: "benchmark")],
            path: "EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "DatabaseBenchmarks",
            dependencies: ["BenchData", .product(name: "Benchmark", package: "benchmark")],
            path: "DatabaseBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ],
    swiftLanguageModes: [.v6]
)
