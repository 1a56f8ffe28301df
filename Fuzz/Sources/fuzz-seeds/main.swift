// Writes generated seed inputs for the text harnesses into <output>/<harness>/ (default .build-fuzz/corpus):
// small documents of every kind from the corpus generator, dense with planted entities and hard negatives.
// The committed hand-written seeds (Seeds/<harness>/) cover the rest; the custom-regex harness has only those.
import WorkjetCorpus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let output = CommandLine.arguments.dropFirst().first ?? "../.build-fuzz/corpus"
var generator = CorpusGenerator(seed: 0x5EED)

func write(_ bytes: [UInt8], to path: String) {
    guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}

for harness in ["scan", "differential", "stream", "redaction"] {
    mkdir(output, 0o755)
    mkdir("\(output)/\(harness)", 0o755)
    for kind in DocumentKind.allCases {
        for (index, size) in [256, 1024, 3000].enumerated() {
            var bytes = generator.document(kind: kind, size: size, bytesPerEntity: 150).bytes
            // The stream harness reads its chunking from the first two bytes.
            if harness == "stream" { bytes = [UInt8(truncatingIfNeeded: index * 37 + 5), UInt8(index * 60 + 3)] + bytes }
            write(bytes, to: "\(output)/\(harness)/gen-\(kind.rawValue)-\(index)")
        }
    }
}
print("seeds written to \(output)")
