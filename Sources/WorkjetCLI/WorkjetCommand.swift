import ArgumentParser
import WorkjetEngine

/// The `workjet` command: scans and redacts documents, checks pattern packs (and, later, serves the gateway).
///
/// The executable's `main` only calls ``WorkjetCommand/main()``; every subcommand lives in this
/// library so that tests can run it in-process.
public struct WorkjetCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "workjet",
        abstract: "Data-loss prevention for documents and AI traffic.",
        version: WorkjetVersion.current,
        subcommands: WorkjetCommand.subcommandTypes
    )

    /// Subcommands, in the order `workjet --help` lists them.
    static var subcommandTypes: [any ParsableCommand.Type] {
        [ScanCommand.self, RedactCommand.self, ServeCommand.self, KeysCommand.self, AuditCommand.self, UsageCommand.self, PatternsCommand.self]
    }

    public init() {}
}

/// The version string `workjet --version` prints.
public enum WorkjetVersion {
    /// The current version.
    public static let current = "0.1.0"
}
