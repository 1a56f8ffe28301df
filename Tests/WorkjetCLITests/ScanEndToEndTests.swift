import Foundation
import Testing

/// `workjet scan` run as a process on generated folders.
@Suite struct ScanEndToEndTests {
    @Test func jsonlHasEveryFieldAndRelativePaths() throws {
        let folder = try Corpus.folder()
        let run = try Workjet.run(["scan", "--format", "jsonl", "docs", "logs", "bin"], in: folder.path)
        #expect(run.status == 1, "stderr: \(run.stderr)")
        let findings = try Corpus.jsonLines(run.stdout)
        for finding in findings {
            for key in ["file", "type", "detector", "start", "end", "line", "column", "confidence", "action", "fingerprint", "masked"] {
                #expect(finding[key] != nil, "missing \(key) in \(finding)")
            }
            #expect(finding["value"] == nil)
        }
        let cards = findings.filter { $0["type"] as? String == "CREDIT_CARD" }
        #expect(cards.count == 1)
        #expect(cards.first?["file"] as? String == "docs/a.txt")
        #expect(cards.first?["line"] as? Int == 2)
        #expect(cards.first?["column"] as? Int == 15)
        #expect(cards.first?["masked"] as? String == "***************6467")
        let types = Set(findings.compactMap { $0["type"] as? String })
        #expect(types.isSuperset(of: ["CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "AWS_ACCESS_KEY_ID"]))
        #expect(!run.stdout.contains(Corpus.card) && !run.stdout.contains(Corpus.ssn))
        // Summary: scanned, skipped binary and FIFO, suppressed inline.
        #expect(run.stderr.contains("skipped 2 (1 binary, 1 special)"), "\(run.stderr)")
        #expect(run.stderr.contains("suppressed 1 inline"))
        #expect(run.stderr.contains("throughput:"))
    }

    @Test func jsonIsSortedWithSummary() throws {
        let folder = try Corpus.folder()
        let run = try Workjet.run(["scan", "--format", "json", "--jobs", "2", "."], in: folder.path)
        #expect(run.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let findings = document["findings"] as! [[String: Any]]
        let keys = findings.map { "\($0["file"]!)#\(String(format: "%08d", $0["start"] as! Int))" }
        #expect(keys == keys.sorted())
        #expect(findings.first?["file"] as? String == "docs/a.txt")
        let summary = document["summary"] as! [String: Any]
        #expect(summary["files_scanned"] as? Int == 4)
        #expect(summary["files_skipped"] as? Int == 2)
        #expect(summary["findings"] as? Int == findings.count)
        // The same run twice gives the same bytes (ordering is deterministic).
        let again = try Workjet.run(["scan", "--format", "json", "--jobs", "2", "."], in: folder.path)
        let strip: (String) -> String = { $0.replacingOccurrences(of: #"seconds" : [0-9.e-]+"#, with: "", options: .regularExpression) }
        #expect(strip(again.stdout) == strip(run.stdout))
    }

    @Test func textAndCsvAndShowSecrets() throws {
        let folder = try Corpus.folder()
        let text = try Workjet.run(["scan", "--format", "text", "docs"], in: folder.path)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("docs/a.txt:2:15 CREDIT_CARD credit_card ") && $0.hasSuffix(" ***************6467") })
        #expect(!text.stdout.contains("\u{1B}["))  // no colours off a terminal
        let secrets = try Workjet.run(["scan", "--format", "text", "--show-secrets", "docs"], in: folder.path)
        #expect(secrets.stdout.contains(Corpus.card))
        let csv = try Workjet.run(["scan", "--format", "csv", "docs"], in: folder.path)
        let rows = csv.stdout.split(separator: "\r\n")
        #expect(rows.first?.hasPrefix("file,member,type,detector,start,end,line,column") == true)
        #expect(rows.count == 1 + lines.count)
    }

    @Test func exitCodes() throws {
        let folder = try Corpus.folder()
        #expect(try Workjet.run(["scan", "docs/clean.md"], in: folder.path).status == 0)
        #expect(try Workjet.run(["scan", "docs"], in: folder.path).status == 1)
        #expect(try Workjet.run(["scan", "--fail-on", "never", "docs"], in: folder.path).status == 0)
        #expect(try Workjet.run(["scan", "--fail-on", "block", "docs"], in: folder.path).status == 0)
        let missing = try Workjet.run(["scan", "docs/clean.md", "no/such/file"], in: folder.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("failed: no/such/file"))
        #expect(try Workjet.run(["scan", "--jobs", "0", "docs"], in: folder.path).status == 2)
        #expect(try Workjet.run(["scan", "--format", "yaml", "docs"], in: folder.path).status == 2)
        #expect(try Workjet.run(["scan", "--policy", "no-such-policy.yaml", "docs"], in: folder.path).status == 2)
    }

    @Test func unreadableFilesAreReportedAndTheRunGoesOn() throws {
        let folder = try Corpus.folder()
        let secret = try folder.write("locked/secret.txt", "SSN \(Corpus.ssn)\n")
        chmod(secret, 0)
        defer { chmod(secret, 0o644) }
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/locked/dangling", withDestinationPath: "/no/such/target")
        let run = try Workjet.run(["scan", "--follow-symlinks", "--format", "jsonl", "locked", "docs/clean.md"], in: folder.path)
        #expect(run.stderr.contains("failed: locked/dangling"))
        if getuid() != 0 {  // root reads mode-000 files
            #expect(run.stderr.contains("failed: locked/secret.txt"))
        }
        #expect(run.status == (getuid() == 0 ? 1 : 2))
        let noFollow = try Workjet.run(["scan", "locked/dangling", "docs"], in: folder.path)
        #expect(noFollow.stderr.contains("failed: locked/dangling"))
    }

    @Test func filtersAndLimits() throws {
        let folder = try Corpus.folder()
        let types = try Corpus.jsonLines(try Workjet.run(["scan", "--format", "jsonl", "--types", "US_SSN", "."], in: folder.path).stdout)
        #expect(!types.isEmpty && types.allSatisfy { $0["type"] as? String == "US_SSN" })
        let included = try Corpus.jsonLines(try Workjet.run(["scan", "--format", "jsonl", "--include", "*.log", "."], in: folder.path).stdout)
        #expect(!included.isEmpty && included.allSatisfy { ($0["file"] as! String).hasSuffix(".log") })
        let excluded = try Corpus.jsonLines(try Workjet.run(["scan", "--format", "jsonl", "--exclude", "logs", "."], in: folder.path).stdout)
        #expect(excluded.allSatisfy { ($0["file"] as! String).hasPrefix("docs/") })
        let small = try Workjet.run(["scan", "--format", "jsonl", "--max-file-size", "10", "docs"], in: folder.path)
        #expect(small.status == 0 && small.stderr.contains("too_large"))
        let strict = try Corpus.jsonLines(try Workjet.run(["scan", "--format", "jsonl", "--min-confidence", "0.99", "."], in: folder.path).stdout)
        #expect(strict.allSatisfy { ($0["confidence"] as! Double) >= 0.99 })
        let binary = try Corpus.jsonLines(try Workjet.run(["scan", "--format", "jsonl", "--binary", "bin"], in: folder.path).stdout)
        #expect(binary.contains { $0["type"] as? String == "CREDIT_CARD" })
    }

    @Test func standardInput() throws {
        let folder = try TempFolder()
        let run = try Workjet.run(["scan", "--format", "jsonl", "-"], in: folder.path, stdin: "mail \(Corpus.email) now\n")
        let findings = try Corpus.jsonLines(run.stdout)
        #expect(findings.count == 1)
        #expect(findings.first?["file"] as? String == "-")
        #expect(findings.first?["start"] as? Int == 5)
    }

    @Test func baselineSuppressesKnownFindingsWithoutHoldingThem() throws {
        let folder = try Corpus.folder()
        let write = try Workjet.run(["scan", "--write-baseline", "baseline.json", "docs", "logs"], in: folder.path)
        #expect(write.status == 1)
        let baseline = try folder.read("baseline.json")
        #expect(!baseline.contains(Corpus.card) && !baseline.contains("6467") && !baseline.contains(Corpus.email))
        let again = try Workjet.run(["scan", "--format", "jsonl", "--baseline", "baseline.json", "docs", "logs"], in: folder.path)
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("by baseline"))
        try folder.write("docs/new.txt", "new SSN \(Corpus.ssn)\n")
        let withNew = try Workjet.run(["scan", "--format", "jsonl", "--baseline", "baseline.json", "docs", "logs"], in: folder.path)
        #expect(withNew.status == 1)
        #expect(try Corpus.jsonLines(withNew.stdout).map { $0["file"] as! String } == ["docs/new.txt"])
        // Another key gives other fingerprints.
        let otherKey = try Workjet.run(["scan", "--baseline", "baseline.json", "--baseline-key", "other-key", "docs"], in: folder.path)
        #expect(otherKey.status == 1)
    }

    @Test func largeFilesStreamWithCorrectOffsetsAndLines() throws {
        let folder = try TempFolder()
        var text = ""
        var expected: [(Int, Int)] = []  // (start, line)
        var line = 1
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 3) + "\n"
        while text.utf8.count < 5_000_000 {
            if line % 9_001 == 0 {
                let prefix = "card "
                expected.append((text.utf8.count + prefix.utf8.count, line))
                text += prefix + Corpus.card + "\n"
            } else {
                text += filler
            }
            line += 1
        }
        try folder.write("big.log", text)
        let run = try Workjet.run(["scan", "--format", "jsonl", "--types", "CREDIT_CARD", "big.log"], in: folder.path)
        let findings = try Corpus.jsonLines(run.stdout)
        #expect(findings.map { $0["start"] as! Int } == expected.map(\.0))
        #expect(findings.map { $0["line"] as! Int } == expected.map(\.1))
        #expect(findings.allSatisfy { $0["column"] as? Int == 6 })
    }

    @Test func scansTheBundledSamples() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples").path
        let run = try Workjet.run(["scan", "--format", "json", "samples"], in: (samples as NSString).deletingLastPathComponent)
        #expect(run.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect((document["findings"] as! [Any]).count >= 5)
    }
}
