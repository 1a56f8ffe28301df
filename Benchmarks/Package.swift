// swift-tools-version: 6.1
// Throughput and latency benchmarks for the Workjet engine (see README.md; `make bench` from the root).
import PackageDescription

let package = Package(
    name: "workjet-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "workjet", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The gateway's own server and client libraries, for the framework floor (Gateway/run.sh).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The SwiftNIO floor (Gateway/run.sh): the version the two above already resolve.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
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
        // The gateway benchmark's framework floor: Hummingbird + AsyncHTTPClient forwarding, nothing else.
        .executableTarget(
            name: "workjet-proxy-floor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Support/workjet-proxy-floor"),
        // The lower floor: the same forwarding on SwiftNIO's channel pipeline alone, one event loop per request.
        .executableTarget(
            name: "workjet-nio-floor",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Support/workjet-nio-floor"),
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
