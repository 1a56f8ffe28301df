import Foundation
import Hummingbird
import Testing
@testable import WorkjetGateway

/// ``JSONByteReader`` accepts what `JSONSerialization` accepts and rejects what it rejects, on the shapes the
/// envelope and usage readers see; and ``ChatEnvelope/parse(_:style:)`` reads the fields as `JSONDecoder` did.
@Suite struct JSONByteReaderTests {
    static func valid(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var reader = JSONByteReader(buffer)
            do {
                try reader.skipValue()
                try reader.finish()
                return true
            } catch {
                return false
            }
        }
    }

    @Test(arguments: [
        #"{}"#, #"[]"#, #" {"a" : [1, -2.5e3, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"]} "#,
        #"{"a":{"b":{"c":[[],{}]}}}"#, "\"caf\u{e9} \u{1F600}\"", "0", "-0.0E+1",
    ])
    func acceptsValidJSON(_ text: String) {
        #expect(Self.valid(text))
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil)
    }

    @Test(arguments: [
        "", "{", "}", #"{"a"}"#, #"{"a":1,}"#, "[1,]", "01", "1.", "-", ".5", "1e", #""\x""#, #""\u12""#, "tru", "nul",
        #"{"a":1}x"#, "\"a\u{1}b\"", #"{a:1}"#, "[1 2]",
    ])
    func rejectsMalformedJSON(_ text: String) {
        #expect(!Self.valid(text))
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(!([0x22, 0xC3, 0x28, 0x22] as [UInt8]).withUnsafeBufferPointer { buffer in
            var reader = JSONByteReader(buffer)
            return (try? reader.skipValue()) != nil
        })
        #expect(!Self.valid(String(repeating: "[", count: 600) + String(repeating: "]", count: 600)))
        #expect(Self.valid(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
    }

    @Test func longStringsAreCheckedAtEveryOffset() {
        // The eight-byte skip must stop at a quote, a backslash, a control character or non-ASCII wherever it falls.
        for offset in 0..<20 {
            let plain = String(repeating: "a", count: offset)
            #expect(Self.valid("\"" + plain + "\\n" + plain + "\""))
            #expect(Self.valid("\"" + plain + "\u{e9}" + plain + "\""))
            #expect(!Self.valid("\"" + plain + "\u{1}" + plain + "\""))
            #expect(!Self.valid("\"" + plain + "\\x" + plain + "\""))
            #expect(!Self.valid("\"" + plain + plain + "xxxxxxxx"))
            #expect(!Self.valid("\"" + plain + "\"" + plain + "\""))
        }
    }

    @Test(arguments: [
        ("Bearer wj_live_abc", "wj_live_abc"), ("bearer wj_live_abc", "wj_live_abc"), ("Bearer  wj_live_abc ", "wj_live_abc"),
        ("Bearer ", nil), ("Bearer", nil), ("Basic abc", nil),
        // Past the visible-ASCII fast path: a trailing tab is trimmed, a non-ASCII key kept as it is.
        ("Bearer wj_live_abc\t", "wj_live_abc"), ("Bearer wj_live_\u{e9}", "wj_live_\u{e9}"), ("Bearer \u{a0}k\u{a0}", "k"),
    ] as [(String, String?)])
    func presentedKeyFromAuthorization(header: String, key: String?) {
        #expect(AuthMiddleware.presentedKey([.authorization: header]) == key)
    }

    @Test func envelopeReadsFieldsAndEscapes() throws {
        let body = #"{"stream":true,"mod\u0065l":"gpt-\u00e9","messages":[{"content":"x","role":"user"}],"max_tokens":3}"#
        let envelope = try ChatEnvelope.parse(Array(body.utf8), style: .anthropic)
        #expect(envelope.model == "gpt-é" && envelope.stream)
        let plain = try ChatEnvelope.parse(Array(#"{"model":"m","messages":[{"role":"user"}],"stream":null}"#.utf8), style: .openAI)
        #expect(plain.model == "m" && !plain.stream)
    }

    @Test(arguments: [
        (#"{"messages":[{"role":"user"}]}"#, "missing field 'model'"),
        (#"{"model":null,"messages":[{"role":"user"}]}"#, "wrong type for 'model'"),
        (#"{"model":"m","messages":[1]}"#, "wrong type for 'messages.Index 0'"),
        (#"{"model":"m","messages":[{"role":"user"},{"content":"x"}]}"#, "missing field 'role'"),
        (#"{"model":"m","messages":[{"role":5}]}"#, "wrong type for 'messages.Index 0.role'"),
        (#"{"model":"m","messages":[{"role":"user"}],"stream":"yes"}"#, "wrong type for 'stream'"),
        (#"{"model":"m","messages":[]}"#, "'messages' must not be empty"),
        (#"{"model":"m","messages":[{"role":"user"}],"x":[1,]}"#, "malformed JSON"),
        ("[1]", "must be a JSON object"),
    ])
    func envelopeErrorsNameTheProblem(body: String, message: String) {
        #expect(throws: GatewayError.self) { try ChatEnvelope.parse(Array(body.utf8), style: .openAI) }
        do {
            _ = try ChatEnvelope.parse(Array(body.utf8), style: .openAI)
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
