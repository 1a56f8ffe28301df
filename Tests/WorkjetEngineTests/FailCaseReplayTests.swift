import Foundation
import Testing

/// Replays every input the fuzzers ever failed on (`Fuzz/FailCases/<harness>/*`) through the same
/// checks the harnesses run (FailCaseChecks.swift), so a fixed bug stays fixed.
///
/// Inputs whose file name starts with `open-` are bugs found but not fixed yet: they are replayed
/// inside `withKnownIssue`, so the suite stays green while they fail and flags them the day they pass
/// (then drop the prefix and the input becomes an ordinary regression case).
@Suite("Fuzz fail-case replay")
struct FailCaseReplayTests {
    static let failCases: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/FailCases")

    struct Case: CustomTestStringConvertible, Sendable {
        var harness: FuzzHarness
        var file: URL
        var testDescription: String { "\(harness.rawValue)/\(file.lastPathComponent)" }
        var isOpen: Bool { file.lastPathComponent.hasPrefix("open-") }
    }

    static func cases() -> [Case] {
        FuzzHarness.allCases.flatMap { harness -> [Case] in
            let folder = failCases.appendingPathComponent(harness.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map {
                Case(harness: harness, file: folder.appendingPathComponent($0))
            }
        }
    }

    @Test("the fail-case folders exist")
    func foldersExist() {
        for harness in FuzzHarness.allCases {
            var isDirectory: ObjCBool = false
            let path = Self.failCases.appendingPathComponent(harness.rawValue).path
            #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue, "\(path)")
        }
    }

    @Test("a fail case passes its harness's checks", arguments: cases())
    func replay(_ failCase: Case) throws {
        let data = try [UInt8](Data(contentsOf: failCase.file))
        if failCase.isOpen {
            withKnownIssue("open fuzz finding, not fixed yet: \(failCase.testDescription)") {
                for violation in FailCaseChecks.violations(failCase.harness, data) { Issue.record("\(violation)") }
            }
        } else {
            for violation in FailCaseChecks.violations(failCase.harness, data) {
                Issue.record("\(failCase.testDescription): \(violation)")
            }
        }
    }
}
