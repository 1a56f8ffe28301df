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

    /// The contiguous fast path and the element-wise one give the same answers, for slices that do not
    /// start at index 0 and for prefixes shorter than the magic numbers.
    @Test(arguments: [
        ([0x1f, 0x8b, 8, 0], "a.gz", DocumentFormat.gzip), ([0x50, 0x4b, 3, 4, 9], "a.zip", .zip),
        ([0x50, 0x4b, 5, 6], "b.XLSX", .officeOpenXML), ([0x50, 0x4b, 5, 7], "a.zip", .plain), ([0x50, 0x4b, 3], "a.zip", .plain),
        ([0x1f], "a.gz", .plain), ([0x1f, 0x8c], "a.gz", .plain), ([], "a.gz", .plain),
    ] as [([UInt8], String, DocumentFormat)])
    func sniffsContiguousAndOtherCollections(bytes: [UInt8], name: String, format: DocumentFormat) {
        #expect(DocumentFormat.sniff(prefix: bytes, name: name) == format)
        let shifted = [0xAA, 0x1f, 0x8b, 0x50] + bytes
        #expect(DocumentFormat.sniff(prefix: shifted[4...], name: name) == format)
        #expect(DocumentFormat.sniff(prefix: bytes.lazy.map { $0 }, name: name) == format)
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

    /// A one-member zip written byte by byte, so that its member data can say what no zip writer would.
    private func handMadeZip(
        name: String, method: UInt16, data: [UInt8], uncompressedSize: UInt32, declaredSize: UInt32? = nil,
        then next: (String, [UInt8])? = nil
    ) -> [UInt8] {
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }
        var out: [UInt8] = []
        var central: [UInt8] = []
        var count: UInt16 = 0
        let members = [(name, data, method, uncompressedSize, declaredSize ?? UInt32(data.count))]
            + (next.map { [($0.0, $0.1, UInt16(0), UInt32($0.1.count), UInt32($0.1.count))] } ?? [])
        for (member, body, compression, size, declared) in members {
            let offset = UInt32(out.count)
            let nameBytes = Array(member.utf8)
            let crc: UInt32 = compression == 0 ? Self.crc32(body) : 0
            let common = le16(20) + le16(0) + le16(compression) + le16(0) + le16(0) + le32(crc) + le32(declared) + le32(size)
                + le16(UInt16(nameBytes.count)) + le16(0)
            out += le32(0x0403_4b50) + common + nameBytes + body
            central += le32(0x0201_4b50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
            count += 1
        }
        let directoryOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4b50) + le16(0) + le16(0) + le16(count) + le16(count) + le32(UInt32(central.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// ZIPFoundation's Linux extraction loops for ever when member data stops short (found by the
    /// documents fuzzer); members are read by ZipData, which reports them and goes on.
    @Test func memberDataThatStopsShortIsReportedNotWaitedFor() throws {
        // A deflate stream whose only block is not the final one: it never ends.
        let openEnded: [UInt8] = [0x00, 5, 0, 0xFA, 0xFF] + Array("hello".utf8)
        let deflate = handMadeZip(name: "a.txt", method: 8, data: openEnded, uncompressedSize: 5, then: ("ok.txt", Array("fine".utf8)))
        let (found, report) = try parts(deflate, name: "open.zip")
        #expect(report.problems.map(\.code) == [.brokenArchive])
        #expect(report.problems.first?.message.contains("ends before its stream does") == true)
        #expect(found.map(\.member) == ["ok.txt"])
        // A stored member declared longer than the archive.
        let stored = handMadeZip(name: "b.txt", method: 0, data: Array("short".utf8), uncompressedSize: 5_000, declaredSize: 5_000)
        let (storedFound, storedReport) = try parts(stored, name: "long.zip")
        #expect(storedReport.problems.map(\.code) == [.brokenArchive])
        #expect(storedFound.isEmpty)
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
        let (raw, report) = try parts(broken, name: "bad.docx")
        #expect(report.problems.map(\.code) == [.invalidXML])
        // Reported, and still scanned as it is: a malformed part loses no text.
        #expect(raw.map(\.member) == ["word/document.xml"] && raw[0].bytes == Array("<a><b></a>".utf8))
    }

    @Test func scansRelationshipTargetsAndTextAttributes() throws {
        let relationships = """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" \
            Target="mailto:jane.doe@example.com?subject=a&amp;b" TargetMode="External"/></Relationships>
            """
        let document = """
            <w:document xmlns:w="w" xmlns:wp="wp"><w:body><w:p><w:r><w:t>Before</w:t></w:r>\
            <w:drawing><wp:docPr id="1" name="Picture 1" title="Badge" descr="SSN 536-22-8745"/></w:drawing>\
            <w:hyperlink w:tooltip="call (415) 555-0134"><w:r><w:t>after</w:t></w:r></w:hyperlink></w:p></w:body></w:document>
            """
        let docx = try Fixtures.zip([
            ("[Content_Types].xml", Array("<Types/>".utf8)), ("word/document.xml", Array(document.utf8)),
            ("word/_rels/document.xml.rels", Array(relationships.utf8)),
            ("customXml/notes.rels", Array("plain words, card 4111 1111 1111 1111".utf8)),
        ])
        let (found, report) = try parts(docx, name: "linked.docx")
        let texts = Dictionary(uniqueKeysWithValues: found.map { ($0.member, String(decoding: $0.bytes, as: UTF8.self)) })
        // [Content_Types].xml has no text, so no part; internal targets and shape names are not text.
        #expect(found.map(\.member) == ["word/document.xml", "word/_rels/document.xml.rels", "customXml/notes.rels"])
        #expect(texts["word/_rels/document.xml.rels"] == "mailto:jane.doe@example.com?subject=a&b\n")
        #expect(texts["word/document.xml"] == "Before\nSSN 536-22-8745\nBadge\ncall (415) 555-0134\nafter\n")
        // A member named like a relationship part that is not XML: reported, and its bytes scanned as they are.
        #expect(report.problems.map(\.code) == [.invalidXML] && report.problems[0].member == "customXml/notes.rels")
        #expect(texts["customXml/notes.rels"] == "plain words, card 4111 1111 1111 1111")
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
        // A combining mark after a separator makes one Character of `/\u{301}`; the split is on scalars.
        ("../\u{301}evil", "\u{301}evil", true), ("./\u{301}x", "\u{301}x", false), ("a/\u{301}/../b", "a/\u{301}/b", true),
        ("\\\u{301}x", "\u{301}x", true), ("./C:/x", "x", true), ("e\u{301}:/x", "e\u{301}:/x", false), ("", "_", false),
    ])
    func sanitizesNames(raw: String, name: String, unsafe: Bool) {
        let result = MemberName.sanitize(raw)
        #expect(result.name == name)
        #expect(result.unsafe == unsafe)
    }
}
