import WorkjetCorpus
import WorkjetEngine

/// The benchmark workloads, generated (deterministically, from a seed) by the corpus generator.
public enum Workload {
    /// Entity densities measured: about one entity per `bytesPerEntity` bytes.
    public enum Density: String, CaseIterable, Sendable {
        /// About one entity per 10 KB: ordinary documents and prompts.
        case sparse
        /// About one entity per 300 bytes: exports, logs full of contact data.
        case dense

        public var bytesPerEntity: Int {
            switch self {
            case .sparse: 10_000
            case .dense: 300
            }
        }
    }

    /// Default size of a throughput corpus: 4 MiB.
    public static let defaultSize = 4 << 20

    /// A mixed corpus of about `size` bytes: equal shares of every document kind (prose, logs, JSON,
    /// code, non-ASCII text, binary), each share a sequence of 64 KB documents.
    public static func mixed(size: Int = defaultSize, density: Density, seed: UInt64 = 2024) -> [UInt8] {
        var generator = CorpusGenerator(seed: seed)
        let kinds = DocumentKind.allCases
        let share = size / kinds.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + (64 << 10))
        for kind in kinds {
            var written = 0
            while written < share {
                let document = generator.document(
                    kind: kind, size: min(64 << 10, share - written), bytesPerEntity: density.bytesPerEntity)
                guard !document.bytes.isEmpty else { break }
                bytes += document.bytes
                written += document.bytes.count
            }
        }
        return bytes
    }

    /// `count` request bodies of about `size` bytes each: prose, JSON and code (what a gateway sees),
    /// one entity per 1 KB on average.
    public static func requests(size: Int, count: Int, seed: UInt64 = 7) -> [[UInt8]] {
        var generator = CorpusGenerator(seed: seed)
        let kinds: [DocumentKind] = [.prose, .json, .code]
        return (0..<count).map { index in
            generator.document(kind: kinds[index % kinds.count], size: size, bytesPerEntity: 1_000).bytes
        }
    }

    /// `count` OpenAI chat request bodies, each a system message and a user message holding one of
    /// ``requests(size:count:seed:)``: what the gateway's DLP step walks, decodes, scans and re-encodes.
    public static func chatBodies(size: Int, count: Int, seed: UInt64 = 7) -> [[UInt8]] {
        requests(size: size, count: count, seed: seed).map { prompt in
            var body = Array(#"{"model":"gpt-4o-mini","max_tokens":400,"messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"#.utf8)
            JSONStringEncoder.append(prompt, to: &body)
            body += Array("}]}".utf8)
            return body
        }
    }

    /// The built-ins plus `custom` generated pattern detectors.
    public static func registry(custom: Int) throws -> DetectorRegistry {
        var registry = DetectorRegistry.builtins()
        for detector in CustomPatterns.detectors(count: custom) { try registry.register(detector) }
        return registry
    }
}
