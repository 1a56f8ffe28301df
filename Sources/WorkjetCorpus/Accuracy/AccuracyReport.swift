/// Precision, recall and F1 per entity type, from planted ground truth and a scanner's findings.
///
/// Matching is strict: a finding is a true positive only when its type and byte span equal a planted
/// entity's. A finding that overlaps a planted entity of the same type with a different span counts as
/// both a false positive and a false negative (it would redact the wrong bytes), and is also counted in
/// ``Row/partial`` so that boundary errors can be told apart from misses and inventions.
///
/// The report does not know the engine: findings are passed as ``PlantedEntity`` values (type, start, end).
///
/// ```swift
/// var report = AccuracyReport()
/// report.add(planted: doc.planted, found: findings.map { PlantedEntity(type: $0.entityType.rawValue, start: $0.start, end: $0.end) })
/// print(report.table)
/// ```
public struct AccuracyReport: Sendable {
    /// Counts for one entity type.
    public struct Row: Sendable, Hashable {
        /// Entities planted.
        public var planted = 0
        /// Findings reported.
        public var found = 0
        /// Findings whose type and span equal a planted entity.
        public var truePositives = 0
        /// Findings of this type that overlap a planted entity of this type with a different span.
        public var partial = 0

        /// An empty row.
        public init() {}

        /// Findings that are not true positives.
        public var falsePositives: Int { found - truePositives }
        /// Planted entities not found with their exact span.
        public var falseNegatives: Int { planted - truePositives }
        /// TP / found (1 when nothing was found).
        public var precision: Double { found == 0 ? 1 : Double(truePositives) / Double(found) }
        /// TP / planted (1 when nothing was planted).
        public var recall: Double { planted == 0 ? 1 : Double(truePositives) / Double(planted) }
        /// Harmonic mean of precision and recall.
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
    }

    /// A finding or planted entity that did not match, for diagnosis.
    public struct Mismatch: Sendable, Hashable {
        /// The entity (type and span).
        public var entity: PlantedEntity
        /// The index of the document it came from, in the order documents were added.
        public var document: Int
    }

    /// Rows by entity type name.
    public private(set) var rows: [String: Row] = [:]
    /// Planted entities that were not found exactly.
    public private(set) var misses: [Mismatch] = []
    /// Findings that match no planted entity exactly.
    public private(set) var falseAlarms: [Mismatch] = []
    private var documents = 0

    /// An empty report.
    public init() {}

    /// Adds one document's ground truth and findings.
    public mutating func add(planted: [PlantedEntity], found: [PlantedEntity]) {
        let document = documents
        documents += 1
        let plantedSet = Set(planted)
        let foundSet = Set(found)
        for p in planted {
            rows[p.type, default: Row()].planted += 1
            if !foundSet.contains(p) { misses.append(Mismatch(entity: p, document: document)) }
        }
        // Planted entities never overlap, so sorting lets each finding look up its neighbours by binary search.
        let sorted = planted.sorted { $0.start < $1.start }
        for f in found {
            rows[f.type, default: Row()].found += 1
            if plantedSet.contains(f) {
                rows[f.type, default: Row()].truePositives += 1
                continue
            }
            falseAlarms.append(Mismatch(entity: f, document: document))
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid].end <= f.start { lo = mid + 1 } else { hi = mid }
            }
            if lo < sorted.count, sorted[lo].start < f.end, sorted[lo].type == f.type {
                rows[f.type, default: Row()].partial += 1
            }
        }
    }

    /// Entity types in the report, sorted.
    public var types: [String] { rows.keys.sorted() }

    /// A fixed-width table: type, planted, found, TP, FP, FN, partial, precision, recall, F1.
    public var table: String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        func fixed(_ x: Double) -> String {
            let scaled = Int((x * 10000).rounded())
            let frac = String(scaled % 10000)
            return "\(scaled / 10000)." + String(repeating: "0", count: 4 - frac.count) + frac
        }
        var lines = [
            pad("type", 22) + ["planted", "found", "TP", "FP", "FN", "partial", "precision", "recall", "F1"].map { lpad($0, 10) }.joined()
        ]
        var total = Row()
        for type in types {
            let r = rows[type]!
            total.planted += r.planted
            total.found += r.found
            total.truePositives += r.truePositives
            total.partial += r.partial
            lines.append(line(type, r))
        }
        lines.append(line("ALL", total))
        return lines.joined(separator: "\n")

        func line(_ name: String, _ r: Row) -> String {
            pad(name, 22)
                + [r.planted, r.found, r.truePositives, r.falsePositives, r.falseNegatives, r.partial].map { lpad(String($0), 10) }.joined()
                + [r.precision, r.recall, r.f1].map { lpad(fixed($0), 10) }.joined()
        }
    }
}
