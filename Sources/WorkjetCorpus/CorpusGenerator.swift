// API contract shared by the accuracy tests, the benchmarks and the fuzz seeds; the signatures are fixed.

/// The kinds of document the generator writes.
public enum DocumentKind: String, CaseIterable, Sendable {
    /// English sentences, emails and support tickets.
    case prose
    /// Application logs: timestamps, levels, IPs, request ids.
    case logs
    /// NDJSON: API payloads, configuration and chat messages.
    case json
    /// Python, JavaScript, YAML and `.env` snippets.
    case code
    /// German, French, Japanese, Russian and emoji text.
    case nonASCII
    /// Random bytes with printable strings and occasional embedded entities.
    case binary
}

/// An entity planted in a generated document: its entity type name (the engine's contract,
/// for example `CREDIT_CARD`) and the byte range of the sensitive value.
public struct PlantedEntity: Hashable, Sendable {
    /// The entity type name, for example `CREDIT_CARD`.
    public var type: String
    /// Byte offset of the first byte of the value.
    public var start: Int
    /// Byte offset one past the last byte of the value.
    public var end: Int
    /// Creates a planted entity.
    public init(type: String, start: Int, end: Int) {
        self.type = type
        self.start = start
        self.end = end
    }
}

/// A generated document with its ground truth.
public struct GeneratedDocument: Sendable {
    /// What kind of document this is.
    public var kind: DocumentKind
    /// The document's bytes (UTF-8 except for ``DocumentKind/binary``).
    public var bytes: [UInt8]
    /// The planted entities, sorted by start offset and never overlapping.
    public var planted: [PlantedEntity]
}

/// Seeded, deterministic generator of realistic documents.
///
/// The same seed gives the same sequence of documents on every platform.
///
/// ```swift
/// var generator = CorpusGenerator(seed: 42)
/// let doc = generator.document(kind: .logs, size: 64 << 10, bytesPerEntity: 600)
/// // doc.planted: [PlantedEntity(type: "EMAIL_ADDRESS", start: 211, end: 232), …]
/// ```
public struct CorpusGenerator: Sendable {
    private var rng: Xoshiro256

    /// Creates a generator; equal seeds give equal documents.
    public init(seed: UInt64) {
        rng = Xoshiro256(seed: seed)
    }

    /// A document of about `size` bytes; one planted entity per `bytesPerEntity` bytes on average
    /// (nil: none), plus hard negatives.
    public mutating func document(kind: DocumentKind, size: Int, bytesPerEntity: Int?) -> GeneratedDocument {
        let size = max(0, size)
        var w = DocumentWriter(capacity: size)
        // Entities arrive at jittered intervals (0.5x to 1.5x the requested spacing) so that
        // they do not line up with the template's block structure.
        let spacing = bytesPerEntity.map { max(1, $0) }
        var nextEntity = spacing.map { rng.below($0) } ?? Int.max
        // Hard negatives are about as common as entities at realistic densities, never dominant.
        let decoySpacing = max(200, spacing ?? 1200)
        var nextDecoy = rng.below(decoySpacing)
        while w.count < size {
            let start = w.count
            if start >= nextEntity, let spacing {
                let plant = EntityMaker.make(&rng)
                switch kind {
                case .prose: ProseTemplate.entity(plant, &w, &rng)
                case .logs: LogTemplate.entity(plant, &w, &rng)
                case .json: JSONTemplate.entity(plant, &w, &rng)
                case .code: CodeTemplate.entity(plant, &w, &rng)
                case .nonASCII: NonASCIITemplate.entity(plant, &w, &rng)
                case .binary: BinaryTemplate.entity(plant, &w, &rng)
                }
                nextEntity = start + spacing / 2 + rng.below(spacing + 1)
            } else if start >= nextDecoy {
                let decoy = NegativeMaker.make(&rng)
                switch kind {
                case .prose: ProseTemplate.decoy(decoy, &w, &rng)
                case .logs: LogTemplate.decoy(decoy, &w, &rng)
                case .json: JSONTemplate.decoy(decoy, &w, &rng)
                case .code: CodeTemplate.decoy(decoy, &w, &rng)
                case .nonASCII: NonASCIITemplate.decoy(decoy, &w, &rng)
                case .binary: BinaryTemplate.decoy(decoy, &w, &rng)
                }
                nextDecoy = start + decoySpacing / 2 + rng.below(decoySpacing + 1)
            } else {
                switch kind {
                case .prose: ProseTemplate.filler(&w, &rng)
                case .logs: LogTemplate.filler(&w, &rng)
                case .json: JSONTemplate.filler(&w, &rng)
                case .code: CodeTemplate.filler(&w, &rng)
                case .nonASCII: NonASCIITemplate.filler(&w, &rng)
                case .binary: BinaryTemplate.filler(&w, &rng)
                }
            }
        }
        return GeneratedDocument(kind: kind, bytes: w.bytes, planted: w.planted)
    }
}
