import Foundation
import Testing

/// `workjet audit export` and `workjet audit verify` against a database the CLI itself created.
@Suite struct AuditCommandTests {
    @Test func exportsToAFileVerifiesAndRefusesAnUnwritableOutput() throws {
        let folder = try TempFolder()
        try folder.writeGatewayConfig()
        let created = try Workjet.run(["keys", "create", "--config", "workjet.yaml", "--workspace", "acme", "--role", "owner"], in: folder.path)
        #expect(created.status == 0, "\(created.stderr)")

        let exported = try Workjet.run(["audit", "export", "--config", "workjet.yaml", "--output", "audit.jsonl"], in: folder.path)
        #expect(exported.status == 0, "\(exported.stderr)")
        let lines = try folder.read("audit.jsonl").split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.contains("\"hash\"") })

        let verified = try Workjet.run(["audit", "verify", "--config", "workjet.yaml"], in: folder.path)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("audit chain OK"))

        let unwritable = try Workjet.run(
            ["audit", "export", "--config", "workjet.yaml", "--output", "no-such-folder/audit.jsonl"], in: folder.path)
        #expect(unwritable.status != 0)
        #expect(unwritable.stderr.contains("cannot write no-such-folder/audit.jsonl"))
    }
}
