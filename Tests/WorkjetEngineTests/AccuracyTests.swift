import Testing
import WorkjetCorpus
import WorkjetEngine

/// Accuracy of the built-in detectors on generated documents with planted, labelled entities.
///
/// A finding is a true positive only if its type and byte span equal a planted entity's; an overlapping
/// finding with another span counts as a false positive and a false negative (see ``AccuracyReport``).
@Suite struct AccuracyTests {
    /// Every document kind at realistic densities: dense for structured text, sparse for binary.
    static let plan: [(kind: DocumentKind, size: Int, bytesPerEntity: Int)] = [
        (.prose, 160 << 10, 500), (.logs, 160 << 10, 700), (.json, 160 << 10, 500), (.code, 160 << 10, 400),
        (.nonASCII, 128 << 10, 500), (.binary, 96 << 10, 2000),
    ]

    static func measure(seeds: [UInt64]) throws -> (AccuracyReport, [GeneratedDocument], [[Finding]]) {
        let engine = try Engine()
        var report = AccuracyReport()
        var documents: [GeneratedDocument] = []
        var findings: [[Finding]] = []
        for seed in seeds {
            var generator = CorpusGenerator(seed: seed)
            for step in plan {
                let doc = generator.document(kind: step.kind, size: step.size, bytesPerEntity: step.bytesPerEntity)
                let found = try engine.scan(doc.bytes)
                report.add(
                    planted: doc.planted,
                    found: found.map { PlantedEntity(type: $0.entityType.rawValue, start: $0.start, end: $0.end) })
                documents.append(doc)
                findings.append(found)
            }
        }
        return (report, documents, findings)
    }

    /// The text around a span, with the span bracketed, for the failure listing.
    static func excerpt(_ doc: GeneratedDocument, _ e: PlantedEntity) -> String {
        let lo = max(0, e.start - 40), hi = min(doc.bytes.count, e.end + 20)
        func clean(_ s: ArraySlice<UInt8>) -> String {
            String(decoding: s.map { $0 == 10 ? 0x20 : ($0 < 32 || $0 == 127 ? 0x2E : $0) }, as: UTF8.self)
        }
        return clean(doc.bytes[lo..<e.start]) + "[[" + clean(doc.bytes[e.start..<e.end]) + "]]" + clean(doc.bytes[e.end..<hi])
    }

    @Test func f1AtLeast97PercentPerType() throws {
        let (report, documents, findings) = try Self.measure(seeds: [1, 2])
        print("Accuracy over \(documents.reduce(0) { $0 + $1.bytes.count }) bytes, \(documents.count) documents\n" + report.table)
        for miss in report.misses.prefix(40) {
            let doc = documents[miss.document]
            let near = findings[miss.document].filter { $0.start < miss.entity.end && miss.entity.start < $0.end }
            print("MISS \(miss.entity.type) [\(doc.kind)] \(Self.excerpt(doc, miss.entity)) found: \(near.map { "\($0.detectorID) \($0.start)..<\($0.end)" })")
        }
        for alarm in report.falseAlarms.prefix(40) {
            let doc = documents[alarm.document]
            print("FP \(alarm.entity.type) [\(doc.kind)] \(Self.excerpt(doc, alarm.entity))")
        }
        for type in EntityType.builtins.map(\.rawValue) {
            let row = report.rows[type] ?? AccuracyReport.Row()
            #expect(row.planted > 50, "too few \(type) planted to measure")
            #expect(row.f1 >= 0.97, "\(type): F1 \(row.f1) (P \(row.precision), R \(row.recall))")
        }
    }
}
