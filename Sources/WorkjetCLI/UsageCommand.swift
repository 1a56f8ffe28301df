import ArgumentParser
import Foundation
import Logging
import WorkjetGateway

/// `workjet usage`: tokens and cost of a workspace from the audit log, grouped and filtered.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Report a workspace's tokens and cost (per day, user, key, model) and its budget this month.")

    @Option(name: .long, help: "YAML configuration file (database path, budget caps).") var config: String?
    @Option(name: .long, help: "Workspace name.") var workspace: String
    @Option(name: .long, help: "From (ISO 8601 date or time, inclusive).") var from: String?
    @Option(name: .long, help: "Until (ISO 8601 date or time, exclusive).") var until: String?
    @Option(name: .long, help: "Only this member id.") var user: String?
    @Option(name: .long, help: "Only this key id.") var key: String?
    @Option(name: .long, help: "Only this model.") var model: String?
    @Option(name: .customLong("group-by"), help: "Comma-separated: day, user, key, model.") var groupBy: String = "day,user,key,model"
    @Flag(name: .long, help: "JSON lines instead of a table.") var json = false

    func run() async throws {
        let configuration = try GatewayConfiguration.load(file: config)
        let tasks = try OperatorTasks(configuration: configuration, logger: Logger(label: "workjet.usage"))
        let fields = try UsageQuery.fields(groupBy)
        let fromMillis = try from.map(AuditCommand.Filter.millis)
        let untilMillis = try until.map(AuditCommand.Filter.millis)
        let rows = try await tasks.usage(workspace: workspace) { query in
            query.from = fromMillis
            query.until = untilMillis
            query.user = user
            query.keyID = key
            query.model = model
            query.groupBy = fields
        }
        let budget = try await tasks.budgetStanding(workspace: workspace, budgets: configuration.control.budgets)
        print(Self.render(rows, fields: fields, json: json))
        let cap = budget.cap.map { " of \($0) USD cap" } ?? " (no cap)"
        print(json ? #"{"budget_month":"\#(budget.month)","spent_usd":"\#(budget.spent)"\#(budget.cap.map { #","cap_usd":"\#($0)""# } ?? "")}"#
            : "budget \(budget.month): \(budget.spent) USD spent\(cap)")
    }

    /// The rows as JSON lines or an aligned table.
    static func render(_ rows: [UsageQuery.Row], fields: [UsageQuery.Field], json: Bool) -> String {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return rows.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) }.joined(separator: "\n")
        }
        let header = fields.map(\.rawValue) + ["requests", "input_tokens", "output_tokens", "cost_usd"]
        let lines = rows.map { row -> [String] in
            fields.map { field in
                switch field {
                case .day: row.day ?? "-"
                case .user: row.user ?? "-"
                case .key: row.keyID ?? "-"
                case .model: row.model ?? "-"
                }
            } + [String(row.requests), String(row.inputTokens), String(row.outputTokens), row.costUSD]
        }
        let all = [header] + lines
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { line in
            line.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
