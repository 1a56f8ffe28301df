import ArgumentParser
import Foundation

/// `workjet redact`: writes copies of files with sensitive values replaced, or rewrites them in place.
struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Write redacted copies of files (--out DIR) or rewrite them atomically (--in-place).",
        discussion: """
            Findings whose policy action is redact or block are replaced in the policy's redaction style \
            (default: [TYPE] labels). The written text is scanned again, and what redacting exposed is \
            redacted too, until nothing is left; a file that has not settled after 8 passes fails and \
            nothing is written for it. Archives and compressed files are skipped, never unpacked to disk. \
            '-' redacts standard input to standard output. Exit code 2 when some input failed.
            """)

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("out"), help: "Directory for redacted copies, at the same relative paths.")
    var out: String?

    @Flag(name: .customLong("in-place"), help: "Rewrite files atomically (temporary file, fsync, rename).")
    var inPlace = false

    func validate() throws {
        let onlyStandardInput = input.paths.allSatisfy { $0 == "-" }
        guard (out != nil) != inPlace || (onlyStandardInput && out == nil && !inPlace) else {
            throw ValidationError("give exactly one of --out DIR or --in-place")
        }
        if inPlace && input.paths.contains("-") { throw ValidationError("standard input cannot be redacted in place") }
    }

    func run() throws {
        if let out {
            do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                LockedOutput.standardError.write("workjet: cannot create output directory '\(out)': \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        }
        let destination: RedactSession.Destination = out.map { .directory($0) } ?? .inPlace
        let session = RedactSession(settings: input.settings(), destination: destination)
        let code: Int32
        do { code = try session.run() } catch {
            LockedOutput.standardError.write("workjet: \(error.message)\n")
            throw ExitCode(2)
        }
        if code != 0 { throw ExitCode(code) }
    }
}
