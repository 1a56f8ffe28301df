import Crypto
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

/// The fingerprinter's own SHA-256 (a value type over the CPU's SHA instructions, or the portable C
/// variant) gives swift-crypto's digests, for every length around the block and padding boundaries and
/// however the input is split into updates.
@Suite struct SHA256StreamTests {
    private static let variants = SHA256Stream.hasHardware ? [false, true] : [false]

    @Test(arguments: variants)
    func digestsMatchSwiftCrypto(hardware: Bool) {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...200) + [255, 256, 257, 1_000, 4_097] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let reference = Array(SHA256.hash(data: bytes))
            var whole = SHA256Stream(hardware: hardware)
            bytes.withUnsafeBytes { whole.update($0) }
            #expect(withUnsafeBytes(of: whole.finalized()) { Array($0) } == reference, "length \(length)")
            // The same bytes in random pieces, and finalising twice gives the same digest.
            var pieces = SHA256Stream(hardware: hardware)
            var offset = 0
            while offset < length {
                let end = min(length, offset + Int.random(in: 0...70, using: &generator))
                bytes[offset..<end].withUnsafeBytes { pieces.update($0) }
                offset = end
            }
            #expect(withUnsafeBytes(of: pieces.finalized()) { Array($0) } == reference, "length \(length) in pieces")
            #expect(withUnsafeBytes(of: pieces.finalized()) { Array($0) } == reference)
        }
    }

    /// Both variants give the reference HMAC fingerprints (the hardware one is what runs by default).
    @Test(arguments: variants)
    func fingerprintsMatchTheReference(hardware: Bool) {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let key = (0..<Int.random(in: 0...130, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let value = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let file = String(repeating: "dir/é", count: Int.random(in: 0...30, using: &generator))
            let member: String? = Bool.random(using: &generator) ? "word/document.xml" : nil
            let reference = Fingerprint.compute(file: file, member: member, detector: "us_ssn", value: value, key: key)
            let print = value.withUnsafeBytes {
                Fingerprinter(key: key, hardware: hardware).file(file, member: member).fingerprint(detector: "us_ssn", value: $0)
            }
            #expect(print.string == reference)
        }
    }
}
