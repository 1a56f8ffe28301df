import ArgumentParser
import Foundation
import Logging
import WorkjetGateway

/// `workjet audit verify|query|export`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify, query and export the gateway's audit log.",
        subcommands: [Verify.self, Query.self, Export.self, Payload.self])

    struct Filter: ParsableArguments {
        @Option(name: .long, help: "YAML configuration file (for the database path).") var config: String?
        @Option(name: .long, help: "Workspace name.") var workspace: String?
        @Option(name: .long, help: "Action, or a prefix ending in * (admin.*).") var action: String?
        @Option(name: .long, help: "User.") var user: String?
        @Option(name: .long, help: "Key id.") var key: String?
        @Option(name: .long, help: "From (ISO 8601 date or time, inclusive).") var from: String?
        @Option(name: .long, help: "Until (ISO 8601 date or time, exclusive).") var until: String?

        func make() async throws -> (OperatorTasks, AuditQuery) {
            let tasks = try OperatorTasks(configuration: GatewayConfiguration.load(file: config), logger: Logger(label: "workjet.audit"))
            var query = AuditQuery()
            if let workspace { query.workspaceID = try await tasks.workspaceID(named: workspace) }
            query.action = action
            query.user = user
            query.keyID = key
            query.from = try from.map(Self.millis)
            query.until = try until.map(Self.millis)
            return (tasks, query)
        }

        static func millis(_ text: String) throws -> Int64 {
            let full = ISO8601DateFormatter()
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            guard let date = full.date(from: text) ?? day.date(from: text) else {
                throw ValidationError("'\(text)' is not an ISO 8601 date (2025-01-31) or time (2025-01-31T12:00:00Z)")
            }
            return Int64(date.timeIntervalSince1970 * 1000)
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk the hash chain; exit 1 naming the first bad record.")
        @Option(name: .long, help: "YAML configuration file.") var config: String?

        func run() async throws {
            let tasks = try OperatorTasks(configuration: GatewayConfiguration.load(file: config), logger: Logger(label: "workjet.audit"))
            let report = try await AuditVerifier.verify(tasks.pool)
            if report.ok {
                print("audit chain OK: \(report.checked) records")
            } else {
                print("audit chain BROKEN at record \(report.firstBadSeq!): \(report.problem ?? "")")
                throw ExitCode(1)
            }
        }
    }

    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print matching records as JSON lines, a page at a time.")
        @OptionGroup var filter: Filter
        @Option(name: .long, help: "Records after this sequence number.") var after: Int64?
        @Option(name: .long, help: "Page size.") var limit: Int = 100

        func run() async throws {
            var (tasks, query) = try await filter.make()
            query.afterSeq = after
            query.limit = limit
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for record in try await query.run(tasks.pool) {
                print(String(decoding: try encoder.encode(record), as: UTF8.self))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export every matching record as JSONL or CSV.")
        @OptionGroup var filter: Filter
        @Option(name: .long, help: "jsonl or csv.") var format: String = "jsonl"
        @Option(name: .long, help: "Output file (default: standard output).") var output: String?

        func run() async throws {
            guard let format = AuditExporter.Format(rawValue: format) else { throw ValidationError("--format must be jsonl or csv") }
            let (tasks, query) = try await filter.make()
            var handle = FileHandle.standardOutput
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output)
                else { throw ValidationError("cannot write \(output)") }
                handle = file
            }
            try await AuditExporter.export(tasks.pool, query: query, format: format) { chunk in
                handle.write(Data(chunk.utf8))
            }
        }
    }

    struct Payload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt and print one archived payload (request and response after DLP) as JSON.",
            discussion: "Needs payload_archive in the configuration and its key (key_env or key_file). The read is audited.")
        @Option(name: .long, help: "YAML configuration file.") var config: String?
        @Option(name: .long, help: "Workspace name.") var workspace: String
        @Option(name: .customLong("request-id"), help: "The audit record's request id.") var requestID: String

        func run() async throws {
            let configuration = try GatewayConfiguration.load(file: config)
            let tasks = try OperatorTasks(configuration: configuration, logger: Logger(label: "workjet.audit"))
            let payload = try await tasks.readPayload(workspace: workspace, requestID: requestID, archive: configuration.payloadArchive)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(PayloadView(payload)), as: UTF8.self))
        }
    }
}
