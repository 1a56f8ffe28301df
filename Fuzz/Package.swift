// swift-tools-version: 6.1
// libFuzzer harnesses for the Workjet engine. Build (see README.md and `make fuzz`):
//   swift build -c debug --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

/// One executable per harness; the folder under FailCases/, Seeds/ and Dictionaries/ has the same name without `fuzz-`.
let harnesses = ["scan", "differential", "stream", "redaction", "custom-regex", "json"]

let package = Package(
    name: "workjet-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "workjet", path: "..")],
    targets: [
        // The invariants. FailCaseChecks.swift is a symbolic link to the root package's
        // Tests/WorkjetEngineTests/FailCaseChecks.swift, which the replay test compiles too.
        .target(name: "FuzzChecks", dependencies: [.product(name: "WorkjetEngine", package: "workjet")]),
        // The `documents` invariants: DocumentFailCaseChecks.swift links to the root package's
        // Tests/WorkjetDocumentsTests/DocumentFailCaseChecks.swift (WorkjetEngineTests cannot import WorkjetDocuments).
        .target(
            name: "FuzzDocumentsChecks",
            dependencies: [.product(name: "WorkjetDocuments", package: "workjet")]),
        .executableTarget(
            name: "fuzz-documents", dependencies: ["FuzzChecks", "FuzzDocumentsChecks"], path: "Sources/fuzz-documents"),
        // Writes the seed corpora (Seeds/<harness>/) from the corpus generator; a normal executable.
        .executableTarget(
            name: "fuzz-seeds",
            dependencies: [.product(name: "WorkjetCorpus", package: "workjet")]),
    ] + harnesses.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzChecks"], path: "Sources/fuzz-\(name)")
    },
    swiftLanguageModes: [.v6]
)
