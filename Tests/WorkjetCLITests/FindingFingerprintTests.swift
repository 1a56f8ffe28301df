import Foundation
import Testing

@testable import WorkjetCLI

/// Fingerprints kept as raw bytes (``FindingFingerprint``) must print, compare and encode exactly as the
/// hex strings they replace.
@Suite struct FindingFingerprintTests {
    /// Random keys, paths, members, detectors and values: the raw fingerprint's text is the reference HMAC's.
    @Test func rawFingerprintsPrintAsTheReference() {
        var generator = SystemRandomNumberGenerator()
        func bytes(_ range: ClosedRange<Int>) -> [UInt8] {
            (0..<Int.random(in: range, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        func text(_ range: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: range, using: &generator)).map { _ in "aZ/é.\u{1}_-9 ".randomElement(using: &generator)! })
        }
        for _ in 0..<300 {
            let key = bytes(0...130), file = text(0...40), detector = text(0...30), value = bytes(0...300)
            let member: String? = Bool.random(using: &generator) ? text(0...20) : nil
            let reference = Fingerprint.compute(file: file, member: member, detector: detector, value: value, key: key)
            let raw = value.withUnsafeBytes { Fingerprinter(key: key).file(file, member: member).fingerprint(detector: detector, value: $0) }
            #expect(raw.string == reference)
            #expect(raw == FindingFingerprint(reference))
            #expect(raw.hashValue == FindingFingerprint(reference).hashValue)
            var json: [UInt8] = []
            raw.appendJSON(to: &json)
            #expect(json == Array("\"\(reference)\"".utf8))
        }
    }

    /// Only what a fingerprint prints as parses into raw bytes; anything else stays text that no
    /// computed fingerprint equals, so a baseline entry in another spelling still matches nothing.
    @Test func otherTextStaysText() throws {
        let raw = [UInt8](repeating: 0xAB, count: 32).withUnsafeBytes { FindingFingerprint(bytes: $0) }
        let hex = String(repeating: "ab", count: 32)
        #expect(raw.string == hex)
        #expect(FindingFingerprint(hex) == raw)
        for other in [hex.uppercased(), String(hex.dropLast()), hex + "0", "ab12", "", String(repeating: "ag", count: 32)] {
            let fingerprint = FindingFingerprint(other)
            #expect(fingerprint.string == other)
            #expect(fingerprint != raw)
        }
        // Codable round trip and the JSON line writer agree with the strings they replaced.
        for fingerprint in [raw, FindingFingerprint("ab12"), FindingFingerprint("\"quoted\"")] {
            let data = try JSONEncoder().encode([fingerprint])
            #expect(String(decoding: data, as: UTF8.self) == String(decoding: try JSONEncoder().encode([fingerprint.string]), as: UTF8.self))
            #expect(try JSONDecoder().decode([FindingFingerprint].self, from: data) == [fingerprint])
        }
        var line: [UInt8] = []
        FindingFingerprint("say \"hi\"").appendJSON(to: &line)
        #expect(line == Array("\"say \\\"hi\\\"\"".utf8))
    }

    /// The filter finds a computed fingerprint in a baseline given as strings, and not in one written in
    /// upper case.
    @Test func baselineLookupUsesRawFingerprints() {
        let value: [UInt8] = Array("536-22-8745".utf8)
        let key: [UInt8] = Array("k".utf8)
        let hex = Fingerprint.compute(file: "a.txt", member: nil, detector: "us_ssn", value: value, key: key)
        var filter = FindingFilter(policy: .init(), baseline: [hex], fingerprintKey: key)
        let print = value.withUnsafeBytes { filter.fingerprinter.file("a.txt", member: nil).fingerprint(detector: "us_ssn", value: $0) }
        #expect(filter.knownFingerprints.contains(print))
        filter.baseline = [hex.uppercased()]
        #expect(!filter.knownFingerprints.contains(print))
    }
}
