import Foundation
import Testing
@testable import WorkjetEngine

/// The JSON string reader and writer copy plain runs a word at a time; these tests hold them to the
/// byte-by-byte definition of a JSON string literal.
@Suite struct JSONStringTests {
    /// Bytes that are special in a literal, their neighbours, and bytes of multi-byte UTF-8 sequences.
    static let alphabet: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D,
                                    0x41, 0x7F, 0x80, 0xA2, 0xC3, 0xDC, 0xE2, 0xFF]

    @Test func nextSpecialFindsTheFirstQuoteBackslashOrControlByte() {
        var random = SeededRandom(seed: 71)
        for _ in 0..<400 {
            let count = Int.random(in: 0...40, using: &random)
            // Mostly plain bytes, so that runs longer than a word occur.
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<4, using: &random) == 0 ? Self.alphabet.randomElement(using: &random)!
                    : UInt8.random(in: 0x23...0x5B, using: &random)
            }
            bytes.withUnsafeBytes { buffer in
                for start in 0...count {
                    let expected = (start..<count).first { bytes[$0] == 0x22 || bytes[$0] == 0x5C || bytes[$0] < 0x20 } ?? count
                    #expect(JSONBytes.nextSpecial(in: buffer, from: start) == expected, "\(bytes) from \(start)")
                    let orNonASCII = (start..<count).first { bytes[$0] == 0x22 || bytes[$0] == 0x5C || bytes[$0] < 0x20 || bytes[$0] >= 0x80 } ?? count
                    #expect(JSONBytes.nextSpecial(in: buffer, from: start, stopAtNonASCII: true) == orNonASCII, "\(bytes) from \(start)")
                }
            }
        }
    }

    @Test func encodedStringsDecodeToTheSameBytes() throws {
        var random = SeededRandom(seed: 72)
        for _ in 0..<300 {
            let count = Int.random(in: 0...60, using: &random)
            let scalars = (0..<count).map { _ -> Character in
                switch Int.random(in: 0..<6, using: &random) {
                case 0: Character(Unicode.Scalar(UInt8.random(in: 0...0x1F, using: &random)))
                case 1: ["\"", "\\", "/", "é", "€", "😀"].randomElement(using: &random)!
                default: Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random)))
                }
            }
            let text = String(scalars)
            var literal: [UInt8] = []
            JSONStringEncoder.append(Array(text.utf8), to: &literal)
            // Foundation reads our literal as the same string...
            let decoded = try JSONDecoder().decode([String].self, from: Data("[".utf8 + literal + "]".utf8))
            #expect(decoded == [text])
            // ...and our reader reads Foundation's literal (which escapes differently) as the same bytes.
            let foreign = try JSONEncoder().encode(["k": text])
            let values = try foreign.withUnsafeBytes { buffer in
                var walker = JSONStringWalker(buffer, include: { _ in true })
                try walker.walk()
                return walker.values
            }
            #expect(values.map(\.decoded) == [Array(text.utf8)])
        }
    }

    @Test func controlBytesAndUnterminatedStringsAreErrors() {
        for bad in ["[\"a\u{01}b\"]", "[\"abcdefghijklmnop", "[\"abcdefghij\\", "[\"abc\\q\"]"] {
            #expect(throws: EngineError.self, "\(bad.debugDescription)") {
                try Array(bad.utf8).withUnsafeBytes { buffer in
                    var walker = JSONStringWalker(buffer, include: { _ in true })
                    try walker.walk()
                }
            }
        }
    }
}
