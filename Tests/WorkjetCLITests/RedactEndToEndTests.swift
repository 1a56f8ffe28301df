import Foundation
import Testing

/// `workjet redact` through the binary: copies and in-place rewrites re-scan clean.
@Suite struct RedactEndToEndTests {
    @Test func redactedCopiesRescanClean() throws {
        let folder = try Corpus.folder()
        try folder.write("docs/archive.zip", bytes: try TempFolder.zip([("a.txt", Array("ssn \(Corpus.ssn)".utf8))]))
        let run = try Workjet.run(["redact", "docs", "logs", "--out", "out"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        let copy = try folder.read("out/docs/a.txt")
        #expect(copy == "hello\nPay with card [CREDIT_CARD] today.\nSSN [US_SSN] on file\n")
        #expect(try folder.read("out/docs/clean.md") == "# Nothing to see\nJust prose.\n")
        #expect(try folder.read("out/logs/allowed.log").contains(Corpus.card))  // workjet:allow is respected
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out/docs/archive.zip"))
        #expect(run.stderr.contains("archive"))
        // The originals are untouched, the copies re-scan clean.
        #expect(try folder.read("docs/a.txt").contains(Corpus.card))
        let rescan = try Workjet.run(["scan", "--format", "jsonl", "--fail-on", "redact", "out"], in: folder.path)
        #expect(rescan.status == 0, "\(rescan.stdout)")
    }

    @Test func inPlaceRewritesAtomically() throws {
        let folder = try TempFolder()
        try folder.write("d/a.txt", "key \(Corpus.awsKey)\nmail \(Corpus.email)\n")
        try folder.write("d/clean.txt", "nothing\n")
        let big = String(repeating: "filler line without secrets\n", count: 80_000) + "card \(Corpus.card)\n" + String(repeating: "tail\n", count: 1000)
        try folder.write("d/big.txt", big)
        chmod(folder.path + "/d/a.txt", 0o600)
        let before = try FileManager.default.attributesOfItem(atPath: folder.path + "/d/clean.txt")[.modificationDate] as! Date
        let run = try Workjet.run(["redact", "--in-place", "d"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try folder.read("d/a.txt") == "key [AWS_ACCESS_KEY_ID]\nmail [EMAIL_ADDRESS]\n")
        let bigAfter = try folder.read("d/big.txt")
        #expect(bigAfter.utf8.count == big.utf8.count - Corpus.card.utf8.count + "[CREDIT_CARD]".utf8.count)
        #expect(bigAfter.contains("card [CREDIT_CARD]\n"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path + "/d/a.txt")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let after = try FileManager.default.attributesOfItem(atPath: folder.path + "/d/clean.txt")[.modificationDate] as! Date
        #expect(after == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/d").sorted() == ["a.txt", "big.txt", "clean.txt"])
        #expect(try Workjet.run(["scan", "--fail-on", "redact", "d"], in: folder.path).status == 0)
    }

    @Test func usageErrors() throws {
        let folder = try Corpus.folder()
        #expect(try Workjet.run(["redact", "docs"], in: folder.path).status == 2)
        #expect(try Workjet.run(["redact", "docs", "--out", "o", "--in-place"], in: folder.path).status == 2)
        let stdin = try Workjet.run(["redact", "-"], in: folder.path, stdin: "ssn \(Corpus.ssn)\n")
        #expect(stdin.stdout == "ssn [US_SSN]\n")
    }
}
