import Foundation
import WorkjetPacks

/// Paths and helpers shared by the pack tests.
enum TestSupport {
    /// The repository root, found from this file's path (Tests/WorkjetPacksTests/TestSupport.swift).
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Every pack file under Patterns/, templates included, sorted.
    static func packFiles() -> [String] {
        let root = repositoryRoot + "/Patterns"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { root + "/" + $0 }
    }

    /// Parses `yaml` and returns the error it throws, or `nil` when it loads.
    static func packError(_ yaml: String) -> PackError? {
        do {
            _ = try PatternPack.parse(yaml: yaml, source: "test.yaml")
            return nil
        } catch {
            return error
        }
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "workjet-packs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
