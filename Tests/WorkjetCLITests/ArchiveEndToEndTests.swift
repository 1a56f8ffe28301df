import Foundation
import Testing

/// Archives, Office documents and gzip through the `workjet` binary, including hostile ones.
@Suite struct ArchiveEndToEndTests {
    @Test func findingsCarryMembersAndBadArchivesDoNotStopTheRun() throws {
        let folder = try TempFolder()
        try folder.write("in/report.docx", bytes: try TempFolder.docx(["Card 4539 1488| 0343 6467 on file"]))
        let inner = try TempFolder.zip([("notes.txt", Array("ssn \(Corpus.ssn)\n".utf8))])
        try folder.write("in/bundle.zip", bytes: try TempFolder.zip([("inner.zip", inner), ("../../escape.txt", Array("mail \(Corpus.email)".utf8))]))
        try folder.write("in/app.log.gz", bytes: try TempFolder.gzip("user \(Corpus.email)\n"))
        try folder.write("in/broken.zip", bytes: Array("PK\u{3}\u{4}this is not a zip".utf8))
        try folder.write("in/bomb.zip", bytes: try TempFolder.zip([("zeros.txt", [UInt8](repeating: 48, count: 8 << 20))]))
        try folder.write("in/truncated.gz", bytes: Array(try TempFolder.gzip(String(repeating: "abc ", count: 1000)).prefix(20)))
        try folder.write("in/plain.txt", "SSN \(Corpus.ssn)\n")

        let run = try Workjet.run(["scan", "--format", "jsonl", "in"], in: folder.path)
        #expect(run.status == 1)
        let findings = try Corpus.jsonLines(run.stdout)
        let located = Set(findings.map { "\($0["file"]!)|\($0["member"] ?? "-")|\($0["type"]!)" })
        #expect(located.contains("in/report.docx|word/document.xml|CREDIT_CARD"))
        #expect(located.contains("in/bundle.zip|inner.zip!/notes.txt|US_SSN"))
        #expect(located.contains("in/bundle.zip|escape.txt|EMAIL_ADDRESS"))
        #expect(located.contains("in/app.log.gz|-|EMAIL_ADDRESS"))
        #expect(located.contains("in/plain.txt|-|US_SSN"))
        #expect(run.stderr.contains("failed: in/broken.zip: broken_archive"), "\(run.stderr)")
        #expect(run.stderr.contains("failed: in/bomb.zip!/zeros.txt: zip_bomb"))
        #expect(run.stderr.contains("failed: in/truncated.gz: broken_archive"))
        #expect(run.stderr.contains("warning: in/bundle.zip!/escape.txt: unsafe_name"))
        // Nothing was extracted to disk, least of all outside the folder.
        #expect(!FileManager.default.fileExists(atPath: (folder.path as NSString).deletingLastPathComponent + "/escape.txt"))

        let failedOnly = try Workjet.run(["scan", "in/broken.zip", "in/bomb.zip"], in: folder.path)
        #expect(failedOnly.status == 2)
    }
}
