import ArgumentParser

/// How `workjet scan` prints findings.
public enum OutputFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    /// `path:line:column TYPE detector confidence masked-value`, coloured on a terminal.
    case text
    /// One JSON document: `{"findings": [...], "summary": {...}}`.
    case json
    /// One JSON finding per line, written as found.
    case jsonl
    /// SARIF 2.1.0 for code-scanning tools.
    case sarif
    /// Comma-separated values with a header row.
    case csv
}
