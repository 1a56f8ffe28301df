// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "workjet",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "WorkjetEngine", targets: ["WorkjetEngine"]),
        .library(name: "WorkjetPacks", targets: ["WorkjetPacks"]),
        .library(name: "WorkjetCorpus", targets: ["WorkjetCorpus"]),
        .executable(name: "workjet", targets: ["workjet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(name: "CHyperscan", pkgConfig: "libhs", providers: [.apt(["libhyperscan-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),

        // The engine: embeddable alone; depends on the C libraries and swift-crypto (HMAC pseudonyms) only.
        .target(
            name: "WorkjetEngine",
            dependencies: [
                "CHyperscan", "CPCRE2",
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
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Commands shared by the executable and the tests.
        .target(
            name: "WorkjetCLI",
            dependencies: [
                "WorkjetEngine", "WorkjetPacks", "WorkjetDocuments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "workjet", dependencies: ["WorkjetCLI"]),

        .testTarget(name: "WorkjetEngineTests", dependencies: ["WorkjetEngine", "WorkjetCorpus"]),
        .testTarget(name: "WorkjetDocumentsTests", dependencies: ["WorkjetDocuments"]),
        .testTarget(name: "WorkjetPacksTests", dependencies: ["WorkjetPacks", "WorkjetEngine"]),
        .testTarget(name: "WorkjetCLITests", dependencies: ["WorkjetCLI", "WorkjetCorpus", "WorkjetEngine"]),
    ],
    swiftLanguageModes: [.v6]
)
