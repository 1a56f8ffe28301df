import Foundation
import Testing

/// `workjet usage` against a database the CLI itself created.
@Suite struct UsageCommandTests {
    @Test func reportsAnEmptyWorkspaceWithItsCapAndRefusesBadInput() throws {
        let folder = try TempFolder()
        try folder.writeGatewayConfig("budgets: { workspace_monthly_usd: 12.5 }\n")
        let created = try Workjet.run(["keys", "create", "--config", "workjet.yaml", "--workspace", "acme", "--role", "owner"], in: folder.path)
        #expect(created.status == 0, "\(created.stderr)")

        let table = try Workjet.run(["usage", "--config", "workjet.yaml", "--workspace", "acme", "--group-by", "day,model"], in: folder.path)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("day  model  requests  input_tokens  output_tokens  cost_usd"))
        #expect(table.stdout.contains("USD spent of 12.5 USD cap"))

        let json = try Workjet.run(["usage", "--config", "workjet.yaml", "--workspace", "acme", "--json"], in: folder.path)
        #expect(json.stdout.contains(#""cap_usd":"12.5""#) && json.stdout.contains(#""spent_usd":"0""#))

        let badGroup = try Workjet.run(["usage", "--config", "workjet.yaml", "--workspace", "acme", "--group-by", "colour"], in: folder.path)
        #expect(badGroup.status != 0)
        #expect(badGroup.stderr.contains("colour"))
        let unknown = try Workjet.run(["usage", "--config", "workjet.yaml", "--workspace", "nobody"], in: folder.path)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no workspace named 'nobody'"))
    }
}
