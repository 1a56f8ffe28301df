import Foundation
import Testing

/// Replays the inputs `fuzz-documents` failed on (`Fuzz/FailCases/documents/*`) through the checks the
/// harness runs (DocumentFailCaseChecks.swift); `open-` inputs are known, unfixed bugs (`withKnownIssue`),
/// as in WorkjetEngineTests' FailCaseReplayTests.
@Suite("Fuzz fail-case replay (documents)")
struct DocumentFailCaseReplayTests {
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/FailCases").appendingPathComponent(DocumentFailCaseChecks.harness)

    struct Case: CustomTestStringConvertible, Sendable {
        var file: URL
        var testDescription: String { "\(DocumentFailCaseChecks.harness)/\(file.lastPathComponent)" }
        var isOpen: Bool { file.lastPathComponent.hasPrefix("open-") }
    }

    static func cases() -> [Case] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { Case(file: folder.appendingPathComponent($0)) }
    }

    @Test("the fail-case folder exists")
    func folderExists() {
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: Self.folder.path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    /// Each case runs in a child process (an exit test), because a document that traps inside the
    /// extractor (ZIPFoundation) would otherwise take the whole test run down with it.
    @Test("a fail case passes the documents checks", arguments: cases())
    func replay(_ failCase: Case) async throws {
        let data = try [UInt8](Data(contentsOf: failCase.file))
        if failCase.isOpen {
            await withKnownIssue("open fuzz finding, not fixed yet: \(failCase.testDescription)") {
                await #expect(processExitsWith: .success, "\(failCase.testDescription)") { [data = data as [UInt8]] in
                    Self.checkOrExit(data)
                }
            }
        } else {
            await #expect(processExitsWith: .success, "\(failCase.testDescription)") { [data = data as [UInt8]] in
                Self.checkOrExit(data)
            }
        }
    }

    /// In the child: prints every violation to standard error and exits 1 if there is any.
    static func checkOrExit(_ data: [UInt8]) {
        let violations = DocumentFailCaseChecks.violations(data)
        for violation in violations { FileHandle.standardError.write(Data("[documents] \(violation)\n".utf8)) }
        if !violations.isEmpty { exit(1) }
    }
}
