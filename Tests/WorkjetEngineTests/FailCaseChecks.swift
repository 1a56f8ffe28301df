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

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
