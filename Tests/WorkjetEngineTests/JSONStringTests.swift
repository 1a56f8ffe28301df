import Foundation
import Testing
@testable import WorkjetEngine

/// The JSON string reader and writer copy plain runs a word at a time; these tests hold them to the
/// byte-by-byte definition of a JSON string literal.
@Suite struct JSONStringTests {
    /// Bytes that are special in a literal, their neighbours, and bytes of multi-byte UTF-8 sequences.
    static let alphabet: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D,
                                    0x41, 0x7F, 0x80, 0xA2, 0xC3, 0xDC, 0xE2, 0xFF]

    /// Short buffers with frequent specials, and long ones (past the 32-byte vector steps and their
    /// overlapping last step) where specials are rare; both the dispatched search and the portable one.
    @Test(arguments: [(400, 40, 4), (150, 200, 40)])
    func nextSpecialFindsTheFirstQuoteBackslashOrControlByte(rounds: Int, maximumCount: Int, oneIn: Int) {
        var random = SeededRandom(seed: 71)
        for _ in 0..<rounds {
            let count = Int.random(in: 0...maximumCount, using: &random)
            // Mostly plain bytes, so that runs longer than a word occur.
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<oneIn, using: &random) == 0 ? Self.alphabet.randomElement(using: &random)!
                    : UInt8.random(in: 0x23...0x5B, using: &random)
            }
            bytes.withUnsafeBytes { buffer in
                for start in 0...count {
                    let expected = (start..<count).first { bytes[$0] == 0x22 || bytes[$0] == 0x5C || bytes[$0] < 0x20 } ?? count
                    #expect(JSONBytes.nextSpecial(in: buffer, from: start) == expected, "\(bytes) from \(start)")
                    #expect(JSONBytes.nextSpecialPortable(in: buffer, from: start) == expected, "\(bytes) from \(start)")
                    let orNonASCII = (start..<count).first { bytes[$0] == 0x22 || bytes[$0] == 0x5C || bytes[$0] < 0x20 || bytes[$0] >= 0x80 } ?? count
                    #expect(JSONBytes.nextSpecial(in: buffer, from: start, stopAtNonASCII: true) == orNonASCII, "\(bytes) from \(start)")
                    #expect(JSONBytes.nextSpecialPortable(in: buffer, from: start, stopAtNonASCII: true) == orNonASCII, "\(bytes) from \(start)")
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
                return walker.values.map { walker.decoded($0) }
            }
            #expect(values == [Array(text.utf8)])
        }
    }

    /// `\\uXXXX` escapes of scalars of every UTF-8 length, surrogate pairs, and lone surrogates (read as
    /// U+FFFD), among plain runs: the reader writes the same UTF-8 as the standard library.
    @Test func unicodeEscapesDecodeToTheirUTF8() throws {
        var random = SeededRandom(seed: 73)
        func hex(_ unit: UInt32) -> String {
            let digits = String(unit, radix: 16)
            let padded = String(repeating: "0", count: 4 - digits.count) + digits
            return Bool.random(using: &random) ? padded.uppercased() : padded
        }
        for _ in 0..<300 {
            var literal = "\""
            var expected = ""
            var afterLoneHigh = false
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let previousWasLoneHigh = afterLoneHigh
                afterLoneHigh = false
                switch Int.random(in: 0..<7, using: &random) {
                case 0:
                    let scalar = UInt32.random(in: 0...0x7F, using: &random)
                    literal += "\\u" + hex(scalar)
                    expected.unicodeScalars.append(Unicode.Scalar(scalar)!)
                case 1:
                    let scalar = UInt32.random(in: 0x80...0x7FF, using: &random)
                    literal += "\\u" + hex(scalar)
                    expected.unicodeScalars.append(Unicode.Scalar(scalar)!)
                case 2:
                    var scalar = UInt32.random(in: 0x800...0xFFFF, using: &random)
                    if (0xD800..<0xE000).contains(scalar) { scalar = 0x20AC }
                    literal += "\\u" + hex(scalar)
                    expected.unicodeScalars.append(Unicode.Scalar(scalar)!)
                case 3:
                    let scalar = UInt32.random(in: 0x10000...0x10FFFF, using: &random)
                    let high = 0xD800 + ((scalar - 0x10000) >> 10), low = 0xDC00 + ((scalar - 0x10000) & 0x3FF)
                    literal += "\\u" + hex(high) + "\\u" + hex(low)
                    expected.unicodeScalars.append(Unicode.Scalar(scalar)!)
                case 4:
                    // A lone surrogate, high or low: U+FFFD. (A low one right after a lone high one would
                    // make a pair, so that one is high too.)
                    let high = previousWasLoneHigh || Bool.random(using: &random)
                    afterLoneHigh = high
                    literal += "\\u" + hex(high ? UInt32.random(in: 0xD800...0xDBFF, using: &random) : UInt32.random(in: 0xDC00...0xDFFF, using: &random))
                    expected += "\u{FFFD}"
                default:
                    literal += "plain é text"
                    expected += "plain é text"
                }
            }
            literal += "\""
            let values = try Array(literal.utf8).withUnsafeBytes { buffer in
                var walker = JSONStringWalker(buffer, include: { _ in true })
                try walker.walk()
                return walker.values.map { walker.decoded($0) }
            }
            #expect(values == [Array(expected.utf8)], "\(literal)")
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
