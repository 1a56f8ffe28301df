// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "workjet",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "WorkjetEngine", targets: ["WorkjetEngine"]),
        .library(name: "WorkjetPacks", targets: ["WorkjetPacks"]),
        .library(name: "WorkjetCorpus", targets: ["WorkjetCorpus"]),
        // For the fuzz package (Fuzz/, fuzz-documents), which can only link the root package's products.
        .library(name: "WorkjetDocuments", targets: ["WorkjetDocuments"]),
        .executable(name: "workjet", targets: ["workjet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Gateway (WorkjetGateway): HTTP server, SQLite store, logging, metrics; the upstream client is our own
        // on SwiftNIO and NIOSSL (README, "Dependencies"). AsyncHTTPClient is the gateway tests' HTTP client only.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Hummingbird's own dependencies, named for the gateway's HTTP/1.1 channel: HTTP types and their
        // conversion from and to NIOHTTP1's.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(name: "CHyperscan", pkgConfig: "libhs", providers: [.apt(["libhyperscan-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        // zlib's gzip stream inflater (ZIPFoundation keeps its own zlib module internal).
        .systemLibrary(name: "CWorkjetZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The engine's digit-run scanner (SSE2 where available), which finds candidates for digit patterns,
        // and the keyword windows' pair search (AVX2 where the CPU has it).
        .target(name: "CWorkjetDigits"),
        // SHA-256 blocks on the CPU's SHA instructions where it has them (the CLI's baseline fingerprints).
        .target(name: "CWorkjetSHA256"),

        // The engine: embeddable alone; depends on the C libraries and swift-crypto (HMAC pseudonyms) only.
        .target(
            name: "WorkjetEngine",
            dependencies: [
                "CHyperscan", "CPCRE2", "CWorkjetDigits",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Declarative YAML pattern packs on top of the engine's custom-rule API.
        .target(
            name: "WorkjetPacks",
            dependencies: ["WorkjetEngine", .product(name: "Yams", package: "Yams")]
        ),
        // Seeded generator of realistic text with planted entities and hard negatives
        // (accuracy tests, benchmarks, fuzz seeds). No dependencies: no downloaded data.
        .target(name: "WorkjetCorpus"),
        // Text extraction from documents: plain files, gzip, zip, Office Open XML.
        .target(
            name: "WorkjetDocuments",
            dependencies: ["CWorkjetZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The AI gateway: OpenAI/Anthropic-compatible proxy with DLP, API keys, workspaces and an audit log.
        .target(
            name: "WorkjetGateway",
            dependencies: [
                "WorkjetEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the few statements every request runs (audit append, key revision).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            // Async functions run on their caller's executor (the connection's event loop) instead of hopping
            // to the generic executor on entry: each hop looked up the task's executor preference under a lock.
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // Commands shared by the executable and the tests.
        .target(
            name: "WorkjetCLI",
            dependencies: [
                "WorkjetEngine", "WorkjetPacks", "WorkjetDocuments", "WorkjetGateway", "CWorkjetSHA256",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(name: "workjet", dependencies: ["WorkjetCLI"]),
        // The CLI throughput benchmark's corpus generator and engine baseline (Benchmarks/CLI, `make bench-cli`).
        .executableTarget(
            name: "workjet-cli-bench", dependencies: ["WorkjetCorpus", "WorkjetEngine"],
            path: "Benchmarks/CLI/workjet-cli-bench"),

        .testTarget(name: "WorkjetEngineTests", dependencies: ["WorkjetEngine", "WorkjetCorpus"]),
        .testTarget(
            name: "WorkjetDocumentsTests",
            dependencies: ["WorkjetDocuments", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "WorkjetPacksTests", dependencies: ["WorkjetPacks", "WorkjetEngine"]),
        .testTarget(
            name: "WorkjetGatewayTests",
            dependencies: [
                "WorkjetGateway", "WorkjetEngine",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "WorkjetCLITests",
            dependencies: [
                "WorkjetCLI", "WorkjetCorpus", "WorkjetEngine", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
