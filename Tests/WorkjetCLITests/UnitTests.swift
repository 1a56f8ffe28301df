import Foundation
import Testing
import WorkjetEngine

@testable import WorkjetCLI

/// In-process tests of the pieces the commands are made of.
@Suite struct UnitTests {
    @Test func newlineCountAgreesWithAByteLoop() {
        var generator = SystemRandomNumberGenerator()
        // Lengths around the 16-byte vectors and the 255-round lane flush (4,080 bytes).
        for length in [0, 1, 15, 16, 17, 31, 4_079, 4_080, 4_081, 8_160, 8_177, 70_000] {
            for density in [0, 3, 64, 256] {
                let bytes = (0..<length).map { _ in
                    density > 0 && Int.random(in: 0..<density, using: &generator) == 0 ? UInt8(0x0A) : UInt8.random(in: 0...255, using: &generator) | 0x80
                }
                let expected = bytes.filter { $0 == 0x0A }.count
                #expect(bytes.withUnsafeBufferPointer { NewlineCounter.newlines(in: $0) } == expected, "length \(length), 1 in \(density)")
            }
        }
        let allNewlines = [UInt8](repeating: 0x0A, count: 9_000)
        #expect(allNewlines.withUnsafeBufferPointer { NewlineCounter.newlines(in: $0) } == 9_000)
    }

    @Test func lineIndexAcrossChunks() {
        let text = Array("ab\ncd workjet:al".utf8) + Array("low\n\nxyz".utf8)
        var whole = LineIndex()
        text.withUnsafeBytes { whole.append($0) }
        var chunked = LineIndex()
        for split in stride(from: 0, to: text.count, by: 3) {
            text[split..<min(split + 3, text.count)].withUnsafeBytes { chunked.append($0) }
        }
        for offset in 0..<text.count {
            #expect(whole.position(of: offset) == chunked.position(of: offset))
        }
        #expect(whole.position(of: 0) == (1, 1))
        #expect(whole.position(of: 4) == (2, 2))
        #expect(whole.allowedLines == [2])
        #expect(chunked.allowedLines == [2])
        chunked.drop(before: 20)
        #expect(chunked.position(of: 22) == whole.position(of: 22))
    }

    @Test func chunkedScanAndRedactionMatchWholeScan() throws {
        let engine = try Engine()
        let filter = FindingFilter(policy: Policy(), fingerprintKey: Array("k".utf8))
        var text = ""
        for i in 0..<3000 { text += i % 97 == 0 ? "card \(Corpus.card) and \(Corpus.email)\n" : "line \(i) of padding text\n" }
        let bytes = Array(text.utf8)
        func run(chunk: Int?) throws -> ([ReportedFinding], [UInt8]) {
            var found: [ReportedFinding] = []
            var out: [UInt8] = []
            let scanner = TextScanner(
                engine: engine, filter: filter, file: "f", member: nil, redactor: Redactor(style: .label),
                output: { out.append(contentsOf: $0) }, emit: { found.append($0) })
            try bytes.withUnsafeBytes { raw in
                if let chunk {
                    for start in stride(from: 0, to: raw.count, by: chunk) {
                        try scanner.write(UnsafeRawBufferPointer(rebasing: raw[start..<min(start + chunk, raw.count)]))
                    }
                    try scanner.finish()
                } else {
                    try scanner.scanWhole(raw)
                }
            }
            return (found, out)
        }
        let (whole, wholeOut) = try run(chunk: nil)
        #expect(whole.count == 2 * 31)
        for chunk in [7, 1000, 4096] {
            let (found, out) = try run(chunk: chunk)
            #expect(found == whole)
            #expect(out == wholeOut)
        }
    }

    @Test func fingerprintsDependOnEveryField() {
        let key: [UInt8] = Array("key".utf8)
        let base = Fingerprint.compute(file: "a", member: nil, detector: "d", value: [1, 2], key: key)
        #expect(base.count == 64)
        #expect(base == Fingerprint.compute(file: "a", member: nil, detector: "d", value: [1, 2], key: key))
        #expect(base != Fingerprint.compute(file: "b", member: nil, detector: "d", value: [1, 2], key: key))
        #expect(base != Fingerprint.compute(file: "a", member: "m", detector: "d", value: [1, 2], key: key))
        #expect(base != Fingerprint.compute(file: "a", member: nil, detector: "e", value: [1, 2], key: key))
        #expect(base != Fingerprint.compute(file: "a", member: nil, detector: "d", value: [1, 3], key: key))
        #expect(base != Fingerprint.compute(file: "a", member: nil, detector: "d", value: [1, 2], key: [1]))
    }

    /// The per-file fingerprinter (key and path hashed once) gives exactly the reference HMAC, for keys
    /// shorter than, equal to and longer than a SHA-256 block, with and without a member, for empty values.
    @Test(arguments: [0, 3, 63, 64, 65, 200])
    func fingerprinterMatchesTheReference(keyLength: Int) {
        let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let fingerprinter = Fingerprinter(key: key)
        for (file, member) in [("a.txt", nil), ("dir/long path é/\u{1}.log", "word/document.xml"), ("", "")] as [(String, String?)] {
            let perFile = fingerprinter.file(file, member: member)
            for (detector, value) in [("us_ssn", Array("536-22-8745".utf8)), ("aws_secret_access_key", []), ("d", Array(repeating: 7, count: 300))] {
                let fast = value.withUnsafeBytes { perFile.compute(detector: detector, value: $0) }
                #expect(fast == Fingerprint.compute(file: file, member: member, detector: detector, value: value, key: key))
            }
        }
    }

    @Test func lineCursorAgreesWithLineIndex() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "\n", "\r\n", "workjet:allow", " ", "x\n\n"].map { Array($0.utf8) }
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 0...60, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            var index = LineIndex()
            text.withUnsafeBytes { index.append($0) }
            text.withUnsafeBytes { bytes in
                var cursor = LineCursor(bytes)
                // Increasing offsets (as findings come), then a few going back.
                let offsets = (0..<text.count).filter { _ in Bool.random(using: &generator) } + (0..<3).map { _ in Int.random(in: 0...max(0, text.count - 1), using: &generator) }
                for offset in offsets where offset < max(text.count, 1) {
                    let (line, column) = cursor.position(of: offset)
                    #expect(line == index.position(of: offset).line && column == index.position(of: offset).column, "offset \(offset) of \(text)")
                }
                for line in 1...(text.filter { $0 == 0x0A }.count + 1) {
                    #expect(cursor.isAllowed(line: line) == index.isAllowed(line: line), "line \(line) of \(text)")
                }
            }
        }
    }

    @Test func confidencesPrintAsTheirShortestForm() {
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        let values = (1...99).map { Double($0) / 100 } + [0.1 + 0.2, 0.855, 1e-7, 0.999_999, 12.5]
            + (0..<2_000).map { _ in Double.random(in: 0..<1, using: &generator) }
        for value in values {
            out.removeAll()
            JSONLine.append(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value), "\(value)")
        }
    }

    @Test func descriptorWritesEverythingOrSaysWhyNot() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wj-descriptor-\(UInt64.random(in: 0...UInt64.max))").path
        defer { unlink(path) }
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        let result = bytes.withUnsafeBytes { Descriptor.writeAll(descriptor, $0) }
        close(descriptor)
        #expect(result.written == bytes.count && result.error == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        // A descriptor that is not open: nothing written, and the reason.
        let failed = bytes.withUnsafeBytes { Descriptor.writeAll(-1, $0) }
        #expect(failed.written == 0 && failed.error == EBADF)
    }

    @Test func jsonNumbers() {
        var out: [UInt8] = []
        for value in [0, 7, 9, 10, 99, 100, 999, 1000, 1234567890, Int.max, -5, -9, -10, Int.min] {
            out.removeAll()
            JSONLine.append(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
        for (value, text) in [(1.0, "1"), (0.85, "0.85"), (0.5, "0.5")] {
            out.removeAll()
            JSONLine.append(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == text)
        }
    }

    @Test func sizesFiltersMasksAndCSV() {
        #expect(ByteSize.parse("10M") == 10 << 20)
        #expect(ByteSize.parse("512k") == 512 << 10)
        #expect(ByteSize.parse("2GiB") == 2 << 30)
        #expect(ByteSize.parse("100") == 100)
        #expect(ByteSize.parse("ten") == nil)
        let filter = PathFilter(include: ["*.txt"], exclude: ["vendor", "*.min.txt"])
        #expect(filter.accepts(file: "a/b.txt"))
        #expect(!filter.accepts(file: "a/b.min.txt"))
        #expect(!filter.accepts(file: "a/b.log"))
        #expect(!filter.enters(directory: "src/vendor"))
        #expect(ReportedFinding.mask("4539 1488 0343 6467") == "***************6467")
        #expect(ReportedFinding.mask("abc") == "**c")
        #expect(ReportedFinding.mask("") == "")
        // Outside printable ASCII the mask counts characters (grapheme clusters), not bytes.
        #expect(ReportedFinding.mask("日本語テキスト") == "****キスト")
        #expect(ReportedFinding.mask("a\r\nbcd") == "***cd")
        #expect(ReportedFinding.mask("ab\tcdef") == "****def")
        #expect(ReportedFinding.mask("a") == "*")
        #expect(ReportedFinding.mask("ab") == "*b")
        #expect(ReportedFinding.mask("~ 12345678") == "******5678")
        // The ASCII fast path counts "\r\n" as one character, as the grapheme path does.
        #expect(ReportedFinding.mask("ab\r\n") == "**\r\n")
        #expect(ReportedFinding.mask("abcdefg\r\n\r\nxy") == "*******\r\n\r\nxy")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let value = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "ab\r\n\t~ 9".randomElement(using: &generator)! })
            let characters = Array(value)
            let keep = min(4, characters.count / 2)
            let expected = String(repeating: "*", count: characters.count - keep) + String(characters.suffix(keep))
            #expect(ReportedFinding.mask(value) == expected, "\(value.debugDescription)")
        }
        #expect(CSVFormatter.quote("a,b") == "\"a,b\"")
        #expect(CSVFormatter.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVFormatter.quote("=SUM(A1)") == "'=SUM(A1)")
        #expect(SARIFFormatter.uri("docs/a b#1.txt") == "docs/a%20b%231.txt")
    }

    @Test func exitCodePrecedence() {
        #expect(ScanSession.exitCode(strongest: .warn, failures: 1, failOn: .warn) == 1)
        #expect(ScanSession.exitCode(strongest: .warn, failures: 1, failOn: .redact) == 2)
        #expect(ScanSession.exitCode(strongest: .block, failures: 0, failOn: nil) == 0)
        #expect(ScanSession.exitCode(strongest: nil, failures: 0, failOn: .warn) == 0)
    }

    /// The writer's copy-between-quotes path gives the engine encoder's bytes, with and without escapes.
    @Test func jsonStringsMatchTheEngineEncoder() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "docs/x.txt", "é", "\"", "\\", "\n", "\u{1}", "\u{7F}", "**** 1111", "us_ssn", " "].map { Array($0.utf8) }
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            var fast: [UInt8] = [1], reference: [UInt8] = [1]
            text.withUnsafeBytes { JSONLine.appendString($0, to: &fast) }
            JSONStringEncoder.append(text, to: &reference)
            #expect(fast == reference, "\(text)")
        }
    }

    @Test func jsonLinesMatchTheEncoder() throws {
        let finding = ReportedFinding(
            file: "dir/\"q\"\n\u{1}é.txt", member: "a!/b", type: "US_SSN", detector: "us_ssn", start: 3, end: 14, line: 2,
            column: 7, confidence: 0.85, validated: true, action: .redact, masked: "*******8745", value: "536-22-8745",
            fingerprint: "ab12")
        let fast = FindingFormatter(format: .jsonl).jsonLine(finding)
        let decoded = try JSONDecoder().decode(ReportedFinding.self, from: Data(fast.utf8))
        #expect(decoded == finding)
    }
}
