import ArgumentParser
import Foundation
import Logging
import WorkjetGateway

/// `workjet keys create|list|revoke`: manages gateway API keys directly in the database.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke gateway API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Options: ParsableArguments {
        @Option(name: .long, help: "YAML configuration file (for the database path).")
        var config: String?

        func tasks() throws -> OperatorTasks {
            try OperatorTasks(configuration: GatewayConfiguration.load(file: config), logger: Logger(label: "workjet.keys"))
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key (and the workspace if new); prints it once.")
        @OptionGroup var options: Options
        @Option(name: .long, help: "Workspace name.") var workspace: String
        @Option(name: .long, help: "owner, admin or member.") var role: String = "member"
        @Option(name: .long, help: "A label for the key.") var name: String = "cli"
        @Option(name: .long, help: "Expire after this many seconds.") var expiresIn: Int64?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be owner, admin or member") }
            let created = try await options.tasks().createKey(workspace: workspace, role: role, label: name, expiresInSeconds: expiresIn)
            print(created.raw)
            FileHandle.standardError.write(Data("key id \(created.record.id); store it now, it is not shown again\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a workspace's keys (prefixes only).")
        @OptionGroup var options: Options
        @Option(name: .long, help: "Workspace name.") var workspace: String

        func run() async throws {
            print("id\tprefix\trole\tname\tcreated\texpires\trevoked\tlast_used")
            for key in try await options.tasks().listKeys(workspace: workspace) {
                let fields = [key.id, key.prefix + "…", key.role.rawValue, key.name, "\(key.createdAt)",
                    key.expiresAt.map { "\($0)" } ?? "-", key.revokedAt.map { "\($0)" } ?? "-", key.lastUsedAt.map { "\($0)" } ?? "-"]
                print(fields.joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by id or display prefix.")
        @OptionGroup var options: Options
        @Argument(help: "Key id or display prefix.") var key: String

        func run() async throws {
            let revoked = try await options.tasks().revokeKey(key)
            print("revoked \(revoked.id)")
        }
    }
}
