import Foundation
import Testing
import WorkjetEngine

@testable import WorkjetCLI

/// A line whose strings need no escape is written through one buffer; it must be byte for byte the line
/// the field-by-field writer gives, and any other line must fall back to that writer.
@Suite struct JSONLineTests {
    @Test func plainLinesMatchTheFieldWriter() throws {
        var generator = SystemRandomNumberGenerator()
        func text(_ alphabet: String, _ range: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: range, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        let plain = "abcXYZ019/._-é日 *", special = plain + "\"\\\n\u{1}\t"
        let confidences: [Double] = [0, 1, 0.5, 0.85, 0.9, 0.01, 0.99, 0.333, 1e-7, 2.5, 1e16, -3, .nan]
        let integers = [0, 1, 9, 10, 99, 100, 12_345, Int.max, Int.min, -1, -10]
        var plainLines = 0
        for round in 0..<3_000 {
            let alphabet = round % 3 == 0 ? special : plain
            let fingerprint: FindingFingerprint = round % 7 == 0
                ? FindingFingerprint(text("ab\"", 0...70))
                : [UInt8](repeating: UInt8(round % 256), count: 32).withUnsafeBytes { FindingFingerprint(bytes: $0) }
            let finding = ReportedFinding(
                file: text(alphabet, 0...40), member: Bool.random(using: &generator) ? text(alphabet, 0...20) : nil,
                type: text(alphabet, 0...12), detector: text(alphabet, 0...16), start: integers.randomElement(using: &generator)!,
                end: integers.randomElement(using: &generator)!, line: integers.randomElement(using: &generator)!,
                column: integers.randomElement(using: &generator)!, confidence: confidences.randomElement(using: &generator)!,
                validated: Bool.random(using: &generator), action: Action.allCases.randomElement(using: &generator)!,
                masked: text(alphabet, 0...300), value: Bool.random(using: &generator) ? text(alphabet, 0...2_000) : nil,
                fingerprint: fingerprint)
            var reference: [UInt8] = [], line: [UInt8] = [], direct: [UInt8] = [0x41]
            finding.appendJSONLineField(to: &reference)
            finding.appendJSONLine(to: &line)
            #expect(line == reference)
            if finding.appendPlainJSONLine(to: &direct) {
                plainLines += 1
                #expect(direct == [0x41] + reference)
            } else {
                #expect(direct == [0x41])
            }
        }
        // Both paths were exercised.
        #expect(plainLines > 500 && plainLines < 2_500)
    }
}
