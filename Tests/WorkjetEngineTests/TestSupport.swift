@testable import WorkjetEngine

/// One engine with the built-in detectors, shared by the tests (engines are immutable and thread-safe).
let builtinEngine: Engine = {
    do { return try Engine() } catch { fatalError("the built-in detectors must compile: \(error)") }
}()

extension Engine {
    func referenceScan(_ text: String) -> [Finding] {
        Array(text.utf8).withUnsafeBytes { referenceScan($0) }
    }
}

/// The substring a finding covers.
func value(of finding: Finding, in text: String) -> String {
    let bytes = Array(text.utf8)
    return String(decoding: bytes[finding.start..<finding.end], as: UTF8.self)
}

/// A small deterministic PRNG for property tests (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Text that mixes every built-in detector's examples and negatives with filler, so that property
/// tests exercise real candidates, near-misses and adjacency.
func mixedText(seed: UInt64, pieces: Int) -> String {
    var rng = SeededRandom(seed: seed)
    let samples = builtinEngine.registry.detectors.flatMap { $0.examples + $0.negativeExamples }
    let fillers = [
        " ", "\n", ", ", " and ", "; ", "\t", " — ", "Grüße ", "日本語 ", "2023-11-15 ", "v1.2.3 ", "id=42 ", "\"", "<", ">",
        "1234", "-", " ", "x", "@", ".", "+1 ", "ssn ", "phone ", "card ",
    ]
    var text = ""
    for _ in 0..<pieces {
        if Bool.random(using: &rng) {
            text += samples.randomElement(using: &rng)!
        } else {
            text += fillers.randomElement(using: &rng)!
        }
    }
    return text
}

/// Splits `bytes` at random points (chunks of 1 to `longestChunk` bytes) and streams them.
func streamFindings(
    _ bytes: [UInt8], rng: inout SeededRandom, engine: Engine = builtinEngine, longestChunk: Int = 97
) throws -> [Finding] {
    let stream = try engine.makeStream()
    var findings: [Finding] = []
    var offset = 0
    while offset < bytes.count {
        let n = min(bytes.count - offset, Int.random(in: 1...longestChunk, using: &rng))
        findings += try stream.write(Array(bytes[offset..<offset + n]))
        offset += n
    }
    findings += try stream.finish()
    return findings
}
