import Foundation
import WorkjetEngine
import WorkjetPacks

/// What `workjet patterns list` shows: one row per detector, built-ins first, then pack rules.
public enum PatternsListing {
    /// Output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// An aligned table.
        case text
        /// A JSON array of ``Row`` objects.
        case json
    }

    /// One detector.
    public struct Row: Sendable, Hashable, Codable {
        /// The detector id.
        public var id: String
        /// The entity type it reports.
        public var type: String
        /// Its base confidence.
        public var confidence: Double
        /// How many patterns it has.
        public var patterns: Int
        /// `builtin`, or the pack file it came from.
        public var source: String

        /// Creates a row.
        public init(id: String, type: String, confidence: Double, patterns: Int, source: String) {
            self.id = id
            self.type = type
            self.confidence = confidence
            self.patterns = patterns
            self.source = source
        }
    }

    /// The built-in detectors, then the rules of every pack in `patternsDirectory` (when given).
    ///
    /// Packs are checked against the built-ins and each other, so a listing never shows a duplicate id.
    public static func rows(patternsDirectory: String?, builtins: DetectorRegistry = .builtins()) throws(PackError) -> [Row] {
        var rows = builtins.detectors.map {
            Row(id: $0.id, type: $0.entityType.rawValue, confidence: $0.baseConfidence, patterns: $0.patterns.count, source: "builtin")
        }
        guard let patternsDirectory else { return rows }
        let packs = try PatternPack.loadDirectory(patternsDirectory)
        var registry = builtins
        try PatternPack.register(packs, into: &registry)
        for pack in packs {
            rows += pack.detectors.map {
                Row(id: $0.id, type: $0.entityType.rawValue, confidence: $0.baseConfidence, patterns: $0.patterns.count, source: pack.source)
            }
        }
        return rows
    }

    /// Renders rows as text (aligned columns with a header) or JSON; ends with a newline.
    public static func render(_ rows: [Row], format: Format) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            // Encoding plain strings and numbers cannot fail.
            let data = (try? encoder.encode(rows)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .text:
            let header = ["ID", "TYPE", "CONFIDENCE", "PATTERNS", "SOURCE"]
            let table = [header] + rows.map { [$0.id, $0.type, String(format: "%.2f", $0.confidence), String($0.patterns), $0.source] }
            let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
            return table.map { cells in
                cells.enumerated().map { column, cell in
                    column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        }
    }
}
