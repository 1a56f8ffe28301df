// The fuzzing invariants, in one place.
//
// This file is compiled twice: into the root package's WorkjetEngineTests target (which replays
// Fuzz/FailCases/<harness>/* through it on every `swift test`) and, through a symbolic link at
// Fuzz/Sources/FuzzChecks/FailCaseChecks.swift, into the fuzz harnesses. Keep it free of Testing,
// XCTest and Foundation so that both builds accept it; the few `public` symbols are what the harnesses call.
import WorkjetEngine

/// The fuzz harnesses, by the folder name their failing inputs are kept under (`Fuzz/FailCases/<rawValue>/`).
public enum FuzzHarness: String, CaseIterable, Sendable {
    /// Scanning arbitrary bytes: findings in bounds, sorted, non-overlapping; cards pass Luhn, SSNs the SSA rules.
    case scan
    /// `scan` equals `referenceScan` (Hyperscan + PCRE2 confirmation against PCRE2 over the whole input).
    case differential
    /// A stream over a chunking chosen by the input's first two bytes equals the block scan.
    case stream
    /// Redacted output is valid UTF-8 when the input was, and scanning it finds nothing the policy redacts.
    case redaction
    /// The input as a custom regex: a typed error or an engine whose scans work.
    case customRegex = "custom-regex"
    /// The input as a request body for `JSONRedactor.process`: a typed `.invalidInput` error or findings,
    /// actions and a redacted document that agree with a strict reference parse; and through the gateway's
    /// message selections (`ChatMessageSelector`), findings only at selected paths and a settled redaction.
    case json
}

/// Checks one input against one harness's invariants and returns the violations (empty: the input passes).
///
/// A harness traps on the first non-empty result so that libFuzzer saves the input; the replay test
/// reports every violation.
public enum FailCaseChecks {
    /// The built-in engine, built once per process (Hyperscan databases are immutable and shareable).
    static let engine: Engine = {
        do { return try Engine() } catch { preconditionFailure("the built-in detectors must compile: \(error)") }
    }()

    public static func violations(_ harness: FuzzHarness, _ data: [UInt8]) -> [String] {
        switch harness {
        case .scan: scan(data)
        case .differential: differential(data)
        case .stream: stream(data)
        case .redaction: redaction(data)
        case .customRegex: customRegex(data)
        case .json: json(data)
        }
    }

    // MARK: Harnesses

    static func scan(_ data: [UInt8]) -> [String] {
        let findings: [Finding]
        do { findings = try engine.scan(data) } catch { return ["scan threw \(error)"] }
        var problems = shape(findings, count: data.count)
        for finding in findings where problems.isEmpty {
            let value = Array(data[finding.start..<finding.end])
            if finding.entityType == .creditCard && !luhn(value) {
                problems.append("CREDIT_CARD \(show(value)) at \(finding.range) fails Luhn")
            }
            if finding.entityType == .usSSN && !ssnRules(value) {
                problems.append("US_SSN \(show(value)) at \(finding.range) breaks the SSA rules")
            }
        }
        return problems
    }

    static func differential(_ data: [UInt8]) -> [String] {
        let fast: [Finding]
        do { fast = try engine.scan(data) } catch { return ["scan threw \(error)"] }
        let reference = data.withUnsafeBytes { engine.referenceScan($0) }
        guard fast != reference else { return [] }
        return ["scan \(describe(fast, in: data)) != referenceScan \(describe(reference, in: data))"]
    }

    /// Input layout: byte 0 seeds the chunk sizes, byte 1 bounds them (1...byte1+1); the rest is scanned.
    static func stream(_ data: [UInt8]) -> [String] {
        guard data.count >= 2 else { return [] }
        let body = Array(data[2...])
        let chunks = chunkSizes(count: body.count, seed: data[0], largest: Int(data[1]) + 1)
        let block: [Finding]
        do { block = try engine.scan(body) } catch { return ["scan threw \(error)"] }
        var streamed: [Finding] = []
        do {
            let stream = try engine.makeStream()
            var offset = 0
            for size in chunks {
                streamed += try stream.write(Array(body[offset..<offset + size]))
                offset += size
            }
            streamed += try stream.finish()
        } catch {
            return ["stream threw \(error)"]
        }
        guard streamed != block else { return [] }
        return ["stream over chunks \(chunks) \(describe(streamed, in: body)) != block \(describe(block, in: body))"]
    }

    static func redaction(_ data: [UInt8]) -> [String] {
        let policy = Policy()
        let result: RedactionResult
        do { result = try data.withUnsafeBytes { buffer throws(EngineError) in try engine.redact(buffer, policy: policy) } } catch {
            return ["redact threw \(error)"]
        }
        let redacted = result.output
        var problems: [String] = []
        if !result.complete { problems.append("redaction did not settle in \(result.passes) passes: \(show(redacted))") }
        if validUTF8(data) && !validUTF8(redacted) {
            problems.append("redacting valid UTF-8 gave invalid UTF-8: \(show(redacted))")
        }
        do {
            let again = try redacted.withUnsafeBytes { buffer throws(EngineError) in try engine.evaluate(buffer, policy: policy) }
            if !again.redactable.isEmpty {
                problems.append("the redacted output \(show(redacted)) still holds \(describe(again.redactable, in: redacted))")
            }
        } catch {
            problems.append("scanning the redacted output threw \(error)")
        }
        return problems
    }

    /// The whole input is the regex (invalid UTF-8 decodes to U+FFFD); the subject is a fixed text plus the input.
    static func customRegex(_ data: [UInt8]) -> [String] {
        let regex = String(decoding: data, as: UTF8.self)
        var registry = DetectorRegistry()
        let custom: Engine
        do {
            try registry.register(
                PatternDetector(id: "fuzz_custom", entityType: "FUZZ_CUSTOM", patterns: [DetectorPattern(regex)]))
            custom = try Engine(registry: registry)
        } catch let error as EngineError {
            return error.message.isEmpty ? ["EngineError \(error.code) without a message"] : []
        } catch {
            return ["untyped error \(error)"]
        }
        let subject = Array("id EMP-123456, card 4111 1111 1111 1111, mail a.b@example.com\nfoo bar 42\n".utf8) + data
        do {
            let findings = try custom.scan(subject)
            return shape(findings, count: subject.count)
        } catch {
            return ["scanning with the custom regex threw \(error)"]
        }
    }

    /// The whole input is a request body. Rejections are `.invalidInput` with a message, and never of
    /// strictly valid JSON (RFC 8259, UTF-8, nesting within the walker's 256 levels). After success:
    /// findings lie inside a string value at their path with start < end, actions follow the policy, the
    /// overall action is the strongest, `output` is present exactly when something was redacted, parses
    /// when the input did (with the same string paths), and processing it again redacts nothing.
    /// (Accepting some malformed JSON, such as lenient numbers, is not checked: the body is forwarded as sent.)
    static func json(_ data: [UInt8]) -> [String] {
        wholeDocument(data) + chatSelections(data)
    }

    static func wholeDocument(_ data: [UInt8]) -> [String] {
        let policy = Policy()
        let redactor = JSONRedactor(engine: engine, policy: policy)
        let reference = ReferenceJSON.parse(data)
        let outcome: Result<JSONScanResult, EngineError> = data.withUnsafeBytes { buffer in
            Result { () throws(EngineError) in try redactor.process(buffer) }
        }
        let result: JSONScanResult
        switch outcome {
        case .success(let value): result = value
        case .failure(let error):
            var problems: [String] = []
            if error.code != .invalidInput { problems.append("process threw \(error.code), not invalid_input: \(error)") }
            if error.message.isEmpty { problems.append("EngineError \(error.code) without a message") }
            if case .valid = reference { problems.append("strictly valid JSON rejected: \(error)") }
            return problems
        }
        var problems: [String] = []
        let strings: [ReferenceJSON.StringValue]? = if case .valid(let values) = reference { values } else { nil }
        for item in result.findings {
            let f = item.finding
            if f.start < 0 || f.start >= f.end {
                problems.append("finding \(f.detectorID) \(f.range) at \(item.path) is empty or negative")
            } else if let strings, !strings.contains(where: { $0.path == item.path.components && f.end <= $0.decoded.count }) {
                problems.append("finding \(f.detectorID) \(f.range) at \(item.path) is not inside a string value at that path")
            }
            let rule = policy.rule(for: f)
            if item.action != rule.action { problems.append("finding \(f.detectorID) has action \(item.action), the policy says \(rule.action)") }
            if f.confidence < rule.minimumConfidence { problems.append("finding \(f.detectorID) below the policy's minimum confidence") }
        }
        let strongest = result.findings.map(\.action).max() ?? .allow
        // A redaction that did not settle fails closed: the document is blocked whatever its findings say.
        if result.action != (result.complete ? strongest : .block) {
            problems.append("action \(result.action) but the strongest finding is \(strongest) (complete: \(result.complete))")
        }
        let redacts = result.findings.contains { $0.action >= .redact }
        if redacts != (result.output != nil) {
            problems.append("output is \(result.output == nil ? "nil" : "present") but findings \(redacts ? "do" : "do not") redact")
        }
        guard let output = result.output else { return problems }
        if let strings {
            if case .valid(let after) = ReferenceJSON.parse(output) {
                if after.map(\.path) != strings.map(\.path) { problems.append("the redacted document's string paths differ from the input's") }
            } else {
                problems.append("valid JSON redacted to invalid JSON: \(show(output))")
            }
        }
        guard result.complete else { return problems }  // blocked, so never forwarded: what it still holds is moot
        do {
            let again = try output.withUnsafeBytes { buffer in
                Result { () throws(EngineError) in try redactor.process(buffer) }
            }.get()
            let left = again.findings.filter { $0.action >= .redact }
            if !left.isEmpty {
                problems.append("the redacted document \(show(output)) still holds " + left.map { "\($0.finding.detectorID) at \($0.path)" }.joined(separator: ", "))
            }
        } catch {
            problems.append("processing the redacted document \(show(output)) threw \(error)")
        }
        return problems
    }

    /// The same body through the gateway's selections of message text (`ChatMessageSelector`, OpenAI and
    /// Anthropic, requests and responses): every finding sits at a selected path, and the redacted body,
    /// processed again with the same selection, has nothing left to redact. (Rejections are the whole-document
    /// check's business: the parser is the same.)
    static func chatSelections(_ data: [UInt8]) -> [String] {
        let redactor = JSONRedactor(engine: engine, policy: Policy())
        let selections: [(name: String, select: @Sendable (JSONPath) -> Bool)] = [
            ("openAIRequest", ChatMessageSelector.openAIRequest), ("anthropicRequest", ChatMessageSelector.anthropicRequest),
            ("openAIResponse", ChatMessageSelector.openAIResponse), ("anthropicResponse", ChatMessageSelector.anthropicResponse),
        ]
        var problems: [String] = []
        for (name, select) in selections {
            let outcome: Result<JSONScanResult, EngineError> = data.withUnsafeBytes { buffer in
                Result { () throws(EngineError) in try redactor.process(buffer, include: select) }
            }
            guard case .success(let result) = outcome else { continue }
            for item in result.findings where !select(item.path) {
                problems.append("\(name): finding \(item.finding.detectorID) at \(item.path), outside the selection")
            }
            if !result.complete && result.action != .block {
                problems.append("\(name): a redaction that did not settle left the action at \(result.action), not block")
            }
            guard let output = result.output, result.complete else { continue }
            let again: Result<JSONScanResult, EngineError> = output.withUnsafeBytes { buffer in
                Result { () throws(EngineError) in try redactor.process(buffer, include: select) }
            }
            switch again {
            case .success(let second):
                let left = second.findings.filter { $0.action >= .redact }
                if !left.isEmpty {
                    problems.append("\(name): the redacted body \(show(output)) still holds " + left.map { "\($0.finding.detectorID) at \($0.path)" }.joined(separator: ", "))
                }
            case .failure(let error):
                problems.append("\(name): processing the redacted body \(show(output)) threw \(error)")
            }
        }
        return problems
    }

    // MARK: Checks

    /// In bounds, non-empty, sorted by start, non-overlapping.
    static func shape(_ findings: [Finding], count: Int) -> [String] {
        var problems: [String] = []
        var previousEnd = 0
        for finding in findings {
            if finding.start < 0 || finding.end > count || finding.start >= finding.end {
                problems.append("finding \(finding.detectorID) \(finding.range) out of bounds 0..<\(count) or empty")
            } else if finding.start < previousEnd {
                problems.append("finding \(finding.detectorID) \(finding.range) overlaps or precedes the previous (end \(previousEnd))")
            }
            previousEnd = max(previousEnd, finding.end)
        }
        return problems
    }

    /// Luhn over the digits of a value (separators ignored), written apart from the engine's validator.
    static func luhn(_ value: [UInt8]) -> Bool {
        let digits = value.filter { $0 >= 48 && $0 <= 57 }.map { Int($0 - 48) }
        guard digits.count >= 12 else { return false }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d
        }
        return sum % 10 == 0
    }

    /// Nine digits; area not 000, 666 or 9xx; group not 00; serial not 0000.
    static func ssnRules(_ value: [UInt8]) -> Bool {
        let digits = value.filter { $0 >= 48 && $0 <= 57 }.map { Int($0 - 48) }
        guard digits.count == 9 else { return false }
        let area = digits[0] * 100 + digits[1] * 10 + digits[2]
        let group = digits[3] * 10 + digits[4]
        let serial = digits[5...].reduce(0) { $0 * 10 + $1 }
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    static func validUTF8(_ bytes: [UInt8]) -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Chunk sizes covering `count` bytes, from a small deterministic generator.
    static func chunkSizes(count: Int, seed: UInt8, largest: Int) -> [Int] {
        var state = UInt32(seed) &* 2_654_435_761 &+ 1
        var sizes: [Int] = []
        var left = count
        while left > 0 {
            state = state &* 1_103_515_245 &+ 12_345
            let size = min(left, Int((state >> 16) % UInt32(largest)) + 1)
            sizes.append(size)
            left -= size
        }
        return sizes
    }

    static func describe(_ findings: [Finding], in data: [UInt8]) -> String {
        let items = findings.map { finding -> String in
            let inBounds = finding.start >= 0 && finding.end <= data.count && finding.start <= finding.end
            let value = inBounds ? show(Array(data[finding.start..<finding.end])) : "?"
            return "\(finding.detectorID)@\(finding.start)..<\(finding.end)=\(value)"
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    static func show(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes.prefix(200) {
            if byte >= 32 && byte < 127 && byte != 92 { text.unicodeScalars.append(Unicode.Scalar(byte)) } else {
                text += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return "\"" + text + (bytes.count > 200 ? "…" : "") + "\""
    }
}

/// A strict JSON reader written apart from the engine's walker (RFC 8259: exact number grammar, valid
/// UTF-8, no trailing data), reporting every string value with its path and decoded bytes. Lone
/// surrogates decode to U+FFFD, as the walker documents. Nesting is bounded like the walker's.
enum ReferenceJSON {
    struct StringValue {
        var path: [JSONPath.Component]
        var decoded: [UInt8]
    }

    enum Outcome {
        case valid([StringValue])
        case invalid
        /// Valid but nested deeper than the walker accepts (it may reject it).
        case tooDeep
    }

    static let maximumDepth = 256

    struct Failure: Error {
        var tooDeep = false
    }

    static func parse(_ bytes: [UInt8]) -> Outcome {
        var reader = Reader(bytes: bytes)
        do {
            reader.whitespace()
            try reader.value(depth: 0)
            reader.whitespace()
            guard reader.position == bytes.count else { return .invalid }
            return .valid(reader.values)
        } catch {
            return error.tooDeep ? .tooDeep : .invalid
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0
        var path: [JSONPath.Component] = []
        var values: [StringValue] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func whitespace() {
            while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 }
        }

        mutating func expect(_ b: UInt8) throws(Failure) {
            guard current == b else { throw Failure() }
            position += 1
        }

        mutating func value(depth: Int) throws(Failure) {
            guard let b = current else { throw Failure() }
            // The walker checks the depth of every value, scalars included.
            if depth >= ReferenceJSON.maximumDepth {
                var probe = self
                probe.path = []
                probe.values = []
                try probe.skipValue(depth: depth)
                throw Failure(tooDeep: true)
            }
            switch b {
            case UInt8(ascii: "{"):
                position += 1
                whitespace()
                if current == UInt8(ascii: "}") { position += 1; return }
                while true {
                    whitespace()
                    guard current == UInt8(ascii: "\"") else { throw Failure() }
                    let key = try string()
                    whitespace()
                    try expect(UInt8(ascii: ":"))
                    whitespace()
                    path.append(.key(String(decoding: key, as: UTF8.self)))
                    try value(depth: depth + 1)
                    path.removeLast()
                    whitespace()
                    if current == UInt8(ascii: ",") { position += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return
                }
            case UInt8(ascii: "["):
                position += 1
                whitespace()
                if current == UInt8(ascii: "]") { position += 1; return }
                var index = 0
                while true {
                    whitespace()
                    path.append(.index(index))
                    try value(depth: depth + 1)
                    path.removeLast()
                    index += 1
                    whitespace()
                    if current == UInt8(ascii: ",") { position += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return
                }
            case UInt8(ascii: "\""):
                let decoded = try string()
                values.append(StringValue(path: path, decoded: decoded))
            case UInt8(ascii: "t"): try word("true")
            case UInt8(ascii: "f"): try word("false")
            case UInt8(ascii: "n"): try word("null")
            default: try number()
            }
        }

        /// Skips a value of any depth to tell "too deep but valid" from "invalid".
        mutating func skipValue(depth: Int) throws(Failure) {
            guard let b = current else { throw Failure() }
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                position += 1
                whitespace()
                if current == close { position += 1; return }
                while true {
                    whitespace()
                    if close == UInt8(ascii: "}") {
                        guard current == UInt8(ascii: "\"") else { throw Failure() }
                        _ = try string()
                        whitespace()
                        try expect(UInt8(ascii: ":"))
                        whitespace()
                    }
                    try skipValue(depth: depth + 1)
                    whitespace()
                    if current == UInt8(ascii: ",") { position += 1; continue }
                    try expect(close)
                    return
                }
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try word("true")
            case UInt8(ascii: "f"): try word("false")
            case UInt8(ascii: "n"): try word("null")
            default: try number()
            }
        }

        mutating func word(_ text: String) throws(Failure) {
            for b in text.utf8 { try expect(b) }
        }

        mutating func digits() -> Int {
            var n = 0
            while let b = current, b >= 48 && b <= 57 { position += 1; n += 1 }
            return n
        }

        mutating func number() throws(Failure) {
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else {
                guard digits() > 0 else { throw Failure() }
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw Failure() }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw Failure() }
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard position + 4 <= bytes.count else { throw Failure() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[position]
                let d: UInt32
                switch c {
                case 48...57: d = UInt32(c - 48)
                case 65...70: d = UInt32(c - 55)
                case 97...102: d = UInt32(c - 87)
                default: throw Failure()
                }
                v = v << 4 | d
                position += 1
            }
            return v
        }

        /// A string literal at `position`; its raw bytes must be valid UTF-8.
        mutating func string() throws(Failure) -> [UInt8] {
            position += 1
            var out: [UInt8] = []
            var raw: [UInt8] = []
            while let b = current {
                if b == UInt8(ascii: "\"") {
                    position += 1
                    guard FailCaseChecks.validUTF8(raw) else { throw Failure() }
                    return out
                }
                guard b >= 0x20 else { throw Failure() }
                position += 1
                if b != UInt8(ascii: "\\") {
                    out.append(b)
                    raw.append(b)
                    continue
                }
                // The escape's backslash stays in the raw bytes whose UTF-8 is checked: a multi-byte sequence
                // cut by an escape (`F0 9F \ud83d\ude00 98 80`) is ill-formed in the document, even though
                // its pieces would join into a valid sequence around the escape.
                raw.append(b)
                guard let e = current else { throw Failure() }
                position += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        let high = scalar
                        scalar = 0xFFFD
                        if position + 6 <= bytes.count, bytes[position] == 92, bytes[position + 1] == UInt8(ascii: "u") {
                            let save = position
                            position += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                position = save
                            }
                        }
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    out += Array(String(Unicode.Scalar(scalar)!).utf8)
                default: throw Failure()
                }
            }
            throw Failure()
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
