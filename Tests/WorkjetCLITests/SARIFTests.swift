import Foundation
import Testing

/// SARIF output validates against the official 2.1.0 schema (with Python's jsonschema).
@Suite struct SARIFTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/schemas/sarif-schema-2.1.0.json").path

    @Test func sarifValidatesAgainstTheSchema() throws {
        #expect(FileManager.default.fileExists(atPath: Self.schema), "SARIF schema not found at \(Self.schema)")
        let folder = try Corpus.folder()
        try folder.write("in/report.docx", bytes: try TempFolder.docx(["Card \(Corpus.card)"]))
        try folder.write("in/broken.zip", bytes: Array("PK\u{3}\u{4}garbage".utf8))
        try folder.write("in/with space #1.txt", "ssn \(Corpus.ssn)\n")
        let run = try Workjet.run(["scan", "--format", "sarif", "docs", "logs", "in"], in: folder.path)
        #expect(run.status == 1)
        try folder.write("out.sarif", run.stdout)
        let check = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                print("python3 has no jsonschema module: install it (pip install jsonschema)"); sys.exit(3)
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.validate(doc, schema)
            results = doc["runs"][0]["results"]
            assert len(results) >= 5, len(results)
            assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)
            assert any("%20" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results)
            print("ok")
            """
        try folder.write("check.py", check)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", folder.path + "/check.py", Self.schema, folder.path + "/out.sarif"]
        let pipe = Pipe()
        python.standardOutput = pipe
        python.standardError = pipe
        do { try python.run() } catch {
            Issue.record("python3 is needed to validate SARIF output and could not be started: \(error)")
            return
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "SARIF validation failed: \(output)")
        #expect(output.contains("ok"))
    }
}
