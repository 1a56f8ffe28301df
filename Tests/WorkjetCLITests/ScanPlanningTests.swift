import Foundation
import Testing
import WorkjetEngine

@testable import WorkjetCLI

/// Workers claim standard input first, then the largest inputs, ties in the walk's order.
@Suite struct WorkerPoolOrderTests {
    @Test func standardInputThenLargestFirst() {
        let sizes = [5, 9, 5, 0, 9, 1]
        var targets = sizes.enumerated().map { ScanTarget(path: "f\($0.offset)", displayPath: "f\($0.offset)", size: $0.element) }
        targets.insert(ScanTarget(path: "-", displayPath: "-", size: 0), at: 3)
        #expect(WorkerPool.order(targets).map(\.path) == ["-", "f1", "f4", "f0", "f2", "f5", "f3"])
        #expect(WorkerPool.order([]).isEmpty)
    }
}

/// A run's results are added up as inputs finish; the totals are what adding up the list of them gave.
@Suite struct ScanTallyTests {
    private func finding(_ file: String, start: Int, action: Action) -> ReportedFinding {
        ReportedFinding(
            file: file, member: nil, type: "EMAIL_ADDRESS", detector: "email_address", start: start, end: start + 5, line: 1,
            column: start + 1, confidence: 0.9, validated: true, action: action, masked: "****x", value: nil,
            fingerprint: FindingFingerprint(String(repeating: "0", count: 64)))
    }

    @Test func addsResultsUp() {
        var first = FileResult(target: ScanTarget(path: "b", displayPath: "b", size: 10))
        first.scanned = true
        first.bytes = 10
        first.findings = [finding("b", start: 0, action: .warn)]
        first.countsByType = ["EMAIL_ADDRESS": 1]
        first.strongestAction = .warn
        var second = FileResult(target: ScanTarget(path: "a", displayPath: "a", size: 20))
        second.scanned = true
        second.bytes = 20
        second.findings = [finding("a", start: 3, action: .redact), finding("a", start: 9, action: .allow)]
        second.countsByType = ["EMAIL_ADDRESS": 2]
        second.strongestAction = .redact
        second.failures = [FileFailure(displayPath: "a!/m", message: "corrupt")]
        var skipped = FileResult(target: ScanTarget(path: "c", displayPath: "c", size: 0))
        skipped.skipped = .binary

        var tally = ScanSession.Tally()
        tally.summary.addSkip(.symlink)
        for result in [first, skipped, second] { tally.add(result) }
        var expected = ScanSummary()
        expected.addSkip(.symlink)
        for result in [first, skipped, second] { expected.add(result) }
        #expect(tally.summary == expected)
        #expect(tally.summary.filesScanned == 2 && tally.summary.findings == 3 && tally.summary.filesSkipped == 2)
        #expect(tally.findings == first.findings + second.findings)
        #expect(tally.strongest == .redact)
        var clean = ScanSession.Tally()
        clean.add(skipped)
        #expect(clean.strongest == nil)
    }
}

/// A small file is read with one `read(2)`: a short read that ends at the size the file had when opened is
/// its end. A file that grew after it was opened is still read to the end.
@Suite struct FileReaderTests {
    private func read(_ reader: FileReader, capacity: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: capacity)
        let count = try buffer.withUnsafeMutableBytes { raw in Result { () throws(CLIError) in try reader.read(into: raw) } }.get()
        return Array(buffer[0..<count])
    }

    @Test func stopsAtTheOpenedSize() throws {
        let folder = try TempFolder()
        let path = try folder.write("a.txt", "0123456789")
        let reader = try FileReader(path: path)
        #expect(try read(reader, capacity: 11) == Array("0123456789".utf8))
        #expect(reader.readCalls == 1)
        #expect(try read(reader, capacity: 11).isEmpty)
        #expect(reader.readCalls == 2)

        let pieces = try FileReader(path: path)
        #expect(try [read(pieces, capacity: 4), read(pieces, capacity: 4), read(pieces, capacity: 4), read(pieces, capacity: 4)]
            == [Array("0123".utf8), Array("4567".utf8), Array("89".utf8), []])

        let empty = try FileReader(path: try folder.write("empty.txt", ""))
        #expect(try read(empty, capacity: 8).isEmpty)
    }

    @Test func readsWhatWasAppendedAfterOpening() throws {
        let folder = try TempFolder()
        let path = try folder.write("log.txt", "0123456789")
        let reader = try FileReader(path: path)
        #expect(try read(reader, capacity: 4) == Array("0123".utf8))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("abcdef".utf8))
        try handle.close()
        #expect(try read(reader, capacity: 100) == Array("456789abcdef".utf8))
        #expect(reader.readCalls == 3)
        #expect(try read(reader, capacity: 100).isEmpty)
    }
}
