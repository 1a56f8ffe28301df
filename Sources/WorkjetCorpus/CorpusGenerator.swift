// API contract shared by the accuracy tests, the benchmarks and the fuzz seeds.
// The implementation is being written; the signatures below are fixed.

/// The kinds of document the generator writes.
public enum DocumentKind: String, CaseIterable, Sendable {
    case prose, logs, json, code, nonASCII, binary
}

/// An entity planted in a generated document: its entity type name (the engine's contract,
/// for example `CREDIT_CARD`) and the byte range of the sensitive value.
public struct PlantedEntity: Hashable, Sendable {
    public var type: String
    public var start: Int
    public var end: Int
    public init(type: String, start: Int, end: Int) {
        self.type = type
        self.start = start
        self.end = end
    }
}

/// A generated document with its ground truth.
public struct GeneratedDocument: Sendable {
    public var kind: DocumentKind
    public var bytes: [UInt8]
    public var planted: [PlantedEntity]
}

/// Seeded, deterministic generator of realistic documents.
public struct CorpusGenerator {
    public init(seed: UInt64) { fatalError("not yet implemented") }
    /// A document of about `size` bytes; one planted entity per `bytesPerEntity` bytes on average
    /// (nil: none), plus hard negatives.
    public mutating func document(kind: DocumentKind, size: Int, bytesPerEntity: Int?) -> GeneratedDocument {
        fatalError("not yet implemented")
    }
}
