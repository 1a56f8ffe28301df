import ArgumentParser
import Foundation

extension WorkjetCommand {
    /// Parses and runs a subcommand: ArgumentParser's `main()`, except that usage errors exit with 2
    /// (the documented code for usage and I/O errors) instead of 64. The executable calls this.
    ///
    /// (A `main()` of the same name would be ambiguous with ArgumentParser's and lose to its synchronous one.)
    public static func start() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error).rawValue == ExitCode.validationFailure.rawValue {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
