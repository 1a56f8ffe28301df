import Foundation
import WorkjetEngine

/// Renders findings in each ``OutputFormat``. JSON, SARIF and CSV render the whole sorted list at the
/// end; text and JSONL render one finding at a time.
public struct FindingFormatter: Sendable {
    /// The format.
    public var format: OutputFormat
    /// Whether text output uses ANSI colours (only on a terminal).
    public var colour: Bool

    /// Creates a formatter.
    public init(format: OutputFormat, colour: Bool = false) {
        self.format = format
        self.colour = colour
    }

    /// Whether findings are written as they are found (JSONL) rather than sorted at the end.
    public var streams: Bool { format == .jsonl }

    /// One text line (no newline).
    public func textLine(_ finding: ReportedFinding) -> String {
        let shown = finding.value ?? finding.masked
        let confidence = String(format: "%.2f", finding.confidence)
        guard colour else { return "\(finding.location) \(finding.type) \(finding.detector) \(confidence) \(shown)" }
        let typeColour = finding.action >= .redact ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
        return "\u{1B}[36m\(finding.location)\u{1B}[0m \(typeColour)\(finding.type)\u{1B}[0m \(finding.detector) \(confidence) \(shown)"
    }

    /// One JSON line (no newline).
    public func jsonLine(_ finding: ReportedFinding) -> String {
        finding.jsonLine
    }

    /// The complete output for sorted findings.
    public func document(_ findings: [ReportedFinding], summary: ScanSummary, registry: DetectorRegistry) -> String {
        switch format {
        case .text:
            return findings.map { textLine($0) + "\n" }.joined()
        case .jsonl:
            return findings.map { jsonLine($0) + "\n" }.joined()
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let data = (try? encoder.encode(JSONDocument(findings: findings, summary: summary))) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        case .csv:
            return CSVFormatter.document(findings)
        case .sarif:
            return SARIFFormatter(registry: registry).document(findings, summary: summary)
        }
    }

    struct JSONDocument: Encodable {
        var findings: [ReportedFinding]
        var summary: ScanSummary
    }
}
