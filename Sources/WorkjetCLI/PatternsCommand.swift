import ArgumentParser
import Foundation
import WorkjetEngine
import WorkjetPacks

/// `workjet patterns`: lists detectors and checks pattern packs.
///
/// The work is done by ``PatternsListing`` and ``PatternsTesting`` so that tests call it directly.
public struct PatternsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "patterns",
        abstract: "List detectors and test YAML pattern packs.",
        subcommands: [List.self, Test.self])

    public init() {}

    /// `workjet patterns list [--patterns DIR] [--format text|json]`.
    public struct List: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the built-in detectors and the rules of the packs in a directory.")

        @Option(name: .long, help: "A directory of *.yaml pattern packs to list after the built-ins.")
        var patterns: String?

        @Option(name: .long, help: "Output format: text or json.")
        var format: PatternsListing.Format = .text

        public init() {}

        public func run() throws {
            do {
                let rows = try PatternsListing.rows(patternsDirectory: patterns)
                print(PatternsListing.render(rows, format: format), terminator: "")
            } catch {
                printToStandardError("workjet patterns list: \(error)")
                throw ExitCode(2)
            }
        }
    }

    /// `workjet patterns test FILE...`.
    public struct Test: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Check that every example of each pack is found by its rule and every negative example is not.",
            discussion: "Exit status: 0 when all pass, 1 when some example fails, 2 when a pack cannot be loaded.")

        @Argument(help: "Pattern pack files (*.yaml).")
        var files: [String]

        public init() {}

        public func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one pack file") }
        }

        public func run() throws {
            let result = PatternsTesting.run(files: files)
            print(result.report, terminator: "")
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }
}

extension PatternsListing.Format: ExpressibleByArgument {}

private func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
