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

    /// Numbers glued so that redacting each exposes the next: every written text is scanned again until a pass
    /// finds nothing, in memory-sized files, in chunked large ones and on standard input. A chain longer than
    /// the passes can settle fails that file and writes nothing, in place or not.
    @Test func redactionSettlesOrTheFileFails() throws {
        let numbers = ["(415) 554-0144", "207 946 0958", "517 802 6278", "312 867 4410", "614 723 9981", "713 284 5567",
                       "818 392 7741", "919 462 3385", "303 871 2296"]
        let settles = "contact jane.doe@example.com" + numbers.prefix(3).joined(separator: " ") + " end\n"
        let stuck = "contact jane.doe@example.com" + numbers.joined(separator: " ") + " end\n"
        let folder = try TempFolder()
        try folder.write("d/chain.txt", settles)
        try folder.write("d/large.txt", String(repeating: "filler line without secrets\n", count: 50_000) + settles)
        // Labels longer than the values: the first pass's text outgrows the buffer sized for the input.
        try folder.write("d/grows.txt", "mail ab@cd.io(415) 554-0144 207 946 0958 end\n")
        let run = try Workjet.run(["redact", "d", "--out", "out"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        let settled = "contact [EMAIL_ADDRESS][PHONE_NUMBER] [PHONE_NUMBER] [PHONE_NUMBER] end\n"
        #expect(try folder.read("out/d/chain.txt") == settled)
        #expect(try folder.read("out/d/large.txt").hasSuffix("\n" + settled))
        #expect(try folder.read("out/d/grows.txt") == "mail [EMAIL_ADDRESS][PHONE_NUMBER] [PHONE_NUMBER] end\n")
        #expect(run.stderr.contains("PHONE_NUMBER 8"), "\(run.stderr)")  // found by the later passes
        #expect(try Workjet.run(["scan", "--fail-on", "redact", "out"], in: folder.path).status == 0)
        let stdin = try Workjet.run(["redact", "-"], in: folder.path, stdin: settles)
        #expect(stdin.status == 0 && stdin.stdout == settled)

        try folder.write("e/stuck.txt", stuck)
        try folder.write("e/fine.txt", "mail \(Corpus.email)\n")
        let failed = try Workjet.run(["redact", "e", "--out", "out"], in: folder.path)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("e/stuck.txt") && failed.stderr.contains("did not settle"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out/e/stuck.txt"))
        #expect(try folder.read("out/e/fine.txt") == "mail [EMAIL_ADDRESS]\n")
        let inPlace = try Workjet.run(["redact", "--in-place", "e"], in: folder.path)
        #expect(inPlace.status == 2)
        #expect(try folder.read("e/stuck.txt") == stuck)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/e").sorted() == ["fine.txt", "stuck.txt"])
    }

    @Test func usageErrors() throws {
        let folder = try Corpus.folder()
        #expect(try Workjet.run(["redact", "docs"], in: folder.path).status == 2)
        #expect(try Workjet.run(["redact", "docs", "--out", "o", "--in-place"], in: folder.path).status == 2)
        let stdin = try Workjet.run(["redact", "-"], in: folder.path, stdin: "ssn \(Corpus.ssn)\n")
        #expect(stdin.stdout == "ssn [US_SSN]\n")
    }
}
