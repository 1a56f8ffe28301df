import Testing
@testable import WorkjetEngine

@Suite struct RedactionTests {
    let text = "Card 4111-1111-1111-1111, mail jane.doe@example.com, SSN 536-22-8745."

    func redact(_ style: RedactionStyle, _ text: String) throws -> String {
        let result = try builtinEngine.redact(text, policy: Policy(redaction: style))
        #expect(result.complete)
        return result.text
    }

    @Test func labelMaskRemove() throws {
        #expect(try redact(.label, text) == "Card [CREDIT_CARD], mail [EMAIL_ADDRESS], SSN [US_SSN].")
        #expect(try redact(.maskLast4, text) == "Card ****-****-****-1111, mail ****.***@******e.com, SSN ***-**-8745.")
        #expect(try redact(.remove, text) == "Card , mail , SSN .")
    }

    /// Each phone number here is found only once the one before it is redacted (the regex refuses a number
    /// right after a digit and a space): five passes, within the bound (Fuzz/FailCases/redaction/phone-chain-after-email).
    @Test func aChainOfNumbersThatUnblockEachOtherIsRedactedToTheEnd() throws {
        let result = try builtinEngine.redact(
            "contact jane.doe@example.com(415) 554-0144 207 946 0958 x21 517 802 6278 end", policy: Policy())
        #expect(result.complete)
        #expect(result.passes == 5)
        #expect(result.text == "contact [EMAIL_ADDRESS][PHONE_NUMBER] [PHONE_NUMBER] [PHONE_NUMBER] end")
    }

    /// Past ``Engine/maximumRedactionPasses``, a chain is not settled: the result says so, and a JSON
    /// document holding it is blocked rather than forwarded with numbers still exposed.
    @Test func aChainTooLongToSettleIsReportedAndBlocksJSON() throws {
        func chain(_ numbers: Int) -> String {
            let phones = ["(415) 554-0144", "207 946 0958", "517 802 6278", "312 867 4410", "614 723 9981", "713 284 5567",
                          "818 392 7741", "919 462 3385", "303 871 2296", "402 735 6614"]
            return "contact jane.doe@example.com" + phones.prefix(numbers).joined(separator: " ") + " end"
        }
        let settles = try builtinEngine.redact(chain(6), policy: Policy())
        #expect(settles.complete && settles.passes == Engine.maximumRedactionPasses)
        #expect(!settles.text.contains { $0.isNumber })
        #expect(settles.outcome.findings.map(\.finding.detectorID) == ["email_address"])
        #expect(settles.exposed.map(\.finding.detectorID) == Array(repeating: "phone_number", count: 6))
        let stuck = try builtinEngine.redact(chain(9), policy: Policy())
        #expect(!stuck.complete && stuck.passes == Engine.maximumRedactionPasses)

        let redactor = JSONRedactor(engine: builtinEngine, policy: Policy())
        let short = try redactor.process(#"{"messages":[{"role":"user","content":"\#(chain(6))"}]}"#)
        #expect(short.complete && short.action == .redact && short.exposed.count == 6)
        let long = try redactor.process(#"{"messages":[{"role":"user","content":"\#(chain(9))"}]}"#)
        #expect(!long.complete && long.action == .block)
        #expect(long.findings.allSatisfy { $0.action == .redact })
    }

    @Test func pseudonymsAreStablePerValueAndKey() throws {
        let key = Array("0123456789abcdef0123".utf8)
        let a = try redact(.pseudonym(key: key), "to bob@example.com and bob@example.com and amy@example.com")
        let tokens = a.split(separator: " ").filter { $0.hasPrefix("[EMAIL_ADDRESS:") }
        #expect(tokens.count == 3)
        #expect(tokens[0] == tokens[1] && tokens[0] != tokens[2])
        let other = try redact(.pseudonym(key: Array("another key, 16+ bytes".utf8)), "bob@example.com")
        #expect(!a.contains(other))
    }

    @Test(arguments: [RedactionStyle.label, .maskLast4, .remove, .pseudonym(key: Array("k".utf8) + Array(repeating: 7, count: 20))])
    func rescanningRedactedTextFindsNothingToRedact(style: RedactionStyle) throws {
        for seed in 0..<25 {
            let input = mixedText(seed: UInt64(seed) + 500, pieces: 200)
            let redacted = try redact(style, input)
            let again = try builtinEngine.evaluate(redacted, policy: Policy(redaction: style))
            #expect(again.redactable.isEmpty, "seed \(seed) \(style): \(again.redactable.map { value(of: $0, in: redacted) })")
        }
    }

    @Test func redactionNeverBreaksUTF8() {
        let text = "名前: 山田 — café"
        let bytes = Array(text.utf8)
        // A finding that starts and ends inside multi-byte characters is widened to whole characters.
        let finding = Finding(entityType: "X", detectorID: "x", start: 1, end: 8, confidence: 1, validated: false)
        for style in [RedactionStyle.label, .maskLast4, .remove] {
            let out = bytes.withUnsafeBytes { Redactor(style: style).redact($0, findings: [finding]) }
            #expect(String(validating: out, as: UTF8.self) != nil, "\(style)")
        }
    }

    @Test func jsonRedactionKeepsDocumentValidAndReportsPaths() throws {
        let json = #"{"model":"gpt-4o","messages":[{"role":"user","content":"card 4111 1111 1111 1111\nmail bob@example.com \"quoted\" \u00e9"}],"n":1}"#
        let result = try JSONRedactor(engine: builtinEngine, policy: Policy()).process(json) { $0.lastKey != "model" }
        #expect(result.action == .redact)
        #expect(result.findings.map(\.path.description) == ["$.messages[0].content", "$.messages[0].content"])
        let output = String(decoding: try #require(result.output), as: UTF8.self)
        #expect(output == #"{"model":"gpt-4o","messages":[{"role":"user","content":"card [CREDIT_CARD]\nmail [EMAIL_ADDRESS] \"quoted\" é"}],"n":1}"#)
    }

    @Test func jsonEscapesAreDecodedBeforeScanning() throws {
        // Raw, "\nbob@example.com" would read as "nbob@example.com".
        let result = try JSONRedactor(engine: builtinEngine, policy: Policy()).process(#"["x\nbob@example.com", "\u0062ob@example.com"]"#)
        #expect(result.findings.map(\.finding.start) == [2, 0])
        #expect(result.findings.map(\.path.description) == ["$[0]", "$[1]"])
    }

    @Test(arguments: [#"{"a":"#, #"{"a" 1}"#, #"["x\q"]"#, "[1,]x", #"{"a":"\ud800"}x"#, String(repeating: "[", count: 300)])
    func malformedJSONIsATypedError(_ json: String) {
        let error = #expect(throws: EngineError.self) { try JSONRedactor(engine: builtinEngine, policy: Policy()).process(json) }
        #expect(error?.code == .invalidInput)
    }

    @Test func blockOutranksRedactAndThresholdsFilter() throws {
        var policy = Policy()
        policy.entityTypes[.usSSN] = .init(action: .block)
        policy.entityTypes[.emailAddress] = .init(action: .warn)
        policy.entityTypes[.creditCard] = .init(action: .redact, minimumConfidence: 1.01 - 0.01)
        let outcome = try builtinEngine.evaluate(text, policy: policy)
        #expect(outcome.action == .block)
        #expect(outcome.countsByType == [.usSSN: 1, .emailAddress: 1, .creditCard: 1])
        policy.entityTypes[.usSSN] = .init(action: .block, minimumConfidence: 1.0)
        policy.entityTypes[.emailAddress] = .init(action: .allow)
        let relaxed = try builtinEngine.evaluate("mail jane.doe@example.com, ref 536-22-8745", policy: policy)
        #expect(relaxed.action == .allow)
        #expect(relaxed.findings.count == 1)
    }
}
