import ArgumentParser
import Foundation
import WorkjetEngine

/// `workjet scan`: reports sensitive data in files, directories and standard input.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files, directories or standard input for sensitive data.",
        discussion: """
            Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage or I/O errors (also when files \
            failed and nothing was found). A line containing 'workjet:allow' suppresses findings on it.
            Baseline fingerprints are HMAC-SHA256 keyed by --baseline-key, else $WORKJET_BASELINE_KEY, else the \
            public default '\(Fingerprint.defaultKey)'.
            """)

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("format"), help: "text, json, jsonl, sarif or csv (default: text on a terminal, else jsonl).")
    var format: OutputFormat?

    @Flag(name: .customLong("show-secrets"), help: "Print values unmasked.")
    var showSecrets = false

    @Option(name: .customLong("fail-on"), help: "Exit 1 for findings with this action or stronger: warn, redact, block, allow or never.")
    var failOn = "warn"

    @Option(name: .customLong("baseline"), help: "Ignore findings whose fingerprints are in this baseline file.")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Write the fingerprints of this run's findings to a baseline file.")
    var writeBaseline: String?

    @Option(name: .customLong("baseline-key"), help: "Key for baseline fingerprints (else $WORKJET_BASELINE_KEY, else a public default).")
    var baselineKey: String?

    func validate() throws {
        guard failOn == "never" || Action(rawValue: failOn) != nil else {
            throw ValidationError("--fail-on must be allow, warn, redact, block or never")
        }
    }

    func run() throws {
        var settings = input.settings()
        let stdoutIsTerminal = isatty(1) == 1
        settings.format = format ?? (stdoutIsTerminal ? .text : .jsonl)
        settings.colour = stdoutIsTerminal && settings.format == .text && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        settings.showSecrets = showSecrets
        settings.failOn = Action(rawValue: failOn)
        settings.baselinePath = baseline
        settings.writeBaselinePath = writeBaseline
        settings.baselineKey = baselineKey
        let session = ScanSession(settings: settings, diagnosticsIsTerminal: isatty(2) == 1)
        let code: Int32
        do { code = try session.run() } catch {
            LockedOutput.standardError.write("workjet: \(error.message)\n")
            throw ExitCode(2)
        }
        if code != 0 { throw ExitCode(code) }
    }
}
