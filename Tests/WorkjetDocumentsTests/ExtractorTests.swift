import Foundation
import Testing

@testable import WorkjetDocuments

@Suite struct ExtractorTests {
    private func parts(_ bytes: [UInt8], name: String, limits: ExtractionLimits = ExtractionLimits()) throws -> ([ExtractedPart], ExtractionReport) {
        var parts: [ExtractedPart] = []
        let report = try DocumentExtractor(limits: limits).extract(bytes: bytes, name: name) { parts.append($0) }
        return (parts, report)
    }

    @Test func sniffsFormats() {
        #expect(DocumentFormat.sniff(prefix: [0x1f, 0x8b, 8, 0], name: "a.gz") == .gzip)
        #expect(DocumentFormat.sniff(prefix: Array("PK\u{3}\u{4}".utf8), name: "a.zip") == .zip)
        #expect(DocumentFormat.sniff(prefix: Array("PK\u{3}\u{4}".utf8), name: "Report.DOCX") == .officeOpenXML)
        #expect(DocumentFormat.sniff(prefix: Array("PK\u{3}\u{4}".utf8), name: "sheet.xlsx") == .officeOpenXML)
        #expect(DocumentFormat.sniff(prefix: Array("hello".utf8), name: "a.zip") == .plain)
        #expect(DocumentFormat.sniff(prefix: [], name: "empty") == .plain)
    }

    @Test func readsZipMembersAndNestedArchives() throws {
        let inner = try Fixtures.zip([("deep.txt", Array("inner secret".utf8))])
        let gz = try Fixtures.gzip(Array("gzipped line".utf8))
        let outer = try Fixtures.zip([
            ("a.txt", Array("alpha".utf8)), ("dir/inner.zip", inner), ("logs/app.log.gz", gz),
            ("image.bin", [0, 1, 2, 0, 3]),
        ])
        let (found, report) = try parts(outer, name: "outer.zip")
        let byMember = Dictionary(uniqueKeysWithValues: found.map { ($0.member, String(decoding: $0.bytes, as: UTF8.self)) })
        #expect(byMember["a.txt"] == "alpha")
        #expect(byMember["dir/inner.zip!/deep.txt"] == "inner secret")
        #expect(byMember["logs/app.log.gz"] == "gzipped line")
        #expect(report.binaryMembers == 1)
        #expect(report.problems.isEmpty)
    }

    @Test func stopsAtMaximumDepth() throws {
        var archive = try Fixtures.zip([("leaf.txt", Array("leaf".utf8))])
        for level in 0..<4 { archive = try Fixtures.zip([("level\(level).zip", archive)]) }
        var limits = ExtractionLimits()
        limits.maxDepth = 3
        let (found, report) = try parts(archive, name: "nest.zip", limits: limits)
        #expect(found.isEmpty)
        #expect(report.problems.map(\.code) == [.tooDeep])
    }

    @Test func reportsZipBombsAndKeepsGoing() throws {
        let zeros = [UInt8](repeating: UInt8(ascii: "0"), count: 4 << 20)
        let archive = try Fixtures.zip([("bomb.txt", zeros), ("ok.txt", Array("fine".utf8))])
        let (found, report) = try parts(archive, name: "bomb.zip")
        #expect(report.problems.map(\.code) == [.zipBomb])
        #expect(report.problems.first?.member == "bomb.txt")
        #expect(found.map(\.member) == ["ok.txt"])
    }

    @Test func capsTotalExpansion() throws {
        let text = (0..<20_000).map { "line \($0) with some text\n" }.joined()
        let archive = try Fixtures.zip([("a.txt", Array(text.utf8)), ("b.txt", Array(text.utf8))])
        var limits = ExtractionLimits()
        limits.maxTotalBytes = text.utf8.count + 10
        let (found, report) = try parts(archive, name: "big.zip", limits: limits)
        #expect(found.count == 1)
        #expect(report.problems.map(\.code) == [.zipBomb])
    }

    @Test func renamesTraversalMembers() throws {
        let archive = try Fixtures.zip([("../../etc/evil.txt", Array("evil".utf8)), ("/abs/x.txt", Array("x".utf8))])
        let (found, report) = try parts(archive, name: "slip.zip")
        #expect(found.map(\.member).sorted() == ["abs/x.txt", "etc/evil.txt"])
        #expect(report.problems.map(\.code) == [.unsafeName, .unsafeName])
    }

    @Test func brokenArchivesThrowAndCorruptMembersAreReported() throws {
        #expect(throws: DocumentError.self) { try parts(Array("PK\u{3}\u{4}garbage".utf8), name: "broken.zip") }
        var archive = try Fixtures.zip([("a.txt", Array(String(repeating: "abcdefgh", count: 500).utf8))])
        archive[60] ^= 0xFF  // inside the first member's compressed data
        let result = try? parts(archive, name: "corrupt.zip")
        #expect(result == nil || result!.1.problems.contains { $0.code == .brokenArchive })
    }

    @Test func extractsOfficeTextWithRunsJoined() throws {
        let docx = try Fixtures.docx(["Card 4111 1111| 1111 1111 on file", "second|paragraph"])
        let (found, _) = try parts(docx, name: "letter.docx")
        #expect(found.map(\.member) == ["word/document.xml"])
        let text = String(decoding: found[0].bytes, as: UTF8.self)
        #expect(text.contains("Card 4111 1111 1111 1111 on file\n"))
        #expect(text.contains("secondparagraph\n"))
        let broken = try Fixtures.zip([("[Content_Types].xml", Array("<Types/>".utf8)), ("word/document.xml", Array("<a><b></a>".utf8))])
        let (_, report) = try parts(broken, name: "bad.docx")
        #expect(report.problems.map(\.code) == [.invalidXML])
    }

    @Test func gzipStreamsMembersAndRejectsTruncation() throws {
        let one = try Fixtures.gzip(Array("first ".utf8)), two = try Fixtures.gzip(Array("second".utf8))
        var out: [UInt8] = []
        let decoder = try GzipDecoder(limits: ExtractionLimits())
        for byte in one + two { try decoder.write([byte]) { out.append(contentsOf: $0) } }
        try decoder.finish()
        #expect(String(decoding: out, as: UTF8.self) == "first second")
        let truncated = try GzipDecoder(limits: ExtractionLimits())
        try truncated.write(Array(one.dropLast(6))) { _ in }
        #expect(throws: DocumentError.self) { try truncated.finish() }
        let corrupt = try GzipDecoder(limits: ExtractionLimits())
        #expect(throws: DocumentError.self) { try corrupt.write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]) { _ in } }
    }

    @Test(arguments: [
        ("a/b.txt", "a/b.txt", false), ("../x", "x", true), ("/etc/passwd", "etc/passwd", true),
        ("a\\..\\..\\b", "a/b", true), ("C:/win.ini", "win.ini", true), ("./ok", "ok", false), ("bad\nname", "bad?name", true),
    ])
    func sanitizesNames(raw: String, name: String, unsafe: Bool) {
        let result = MemberName.sanitize(raw)
        #expect(result.name == name)
        #expect(result.unsafe == unsafe)
    }
}
