/// Scans the string values of a JSON document and redacts them in place, keeping the JSON valid.
///
/// Escapes are decoded before scanning (so `"line\nbob@x.io"` finds `bob@x.io`, not `nbob@x.io`),
/// all selected strings are scanned in one engine call, and only strings with redacted findings are
/// re-encoded; every other byte of the document is kept as it was.
///
/// ```swift
/// let redactor = JSONRedactor(engine: engine, policy: policy)
/// let result = try redactor.process(body) { path in path.lastKey != "model" }
/// // result.findings[0].path.description == "$.messages[0].content"
/// ```
public struct JSONRedactor: Sendable {
    /// The engine that scans.
    public let engine: Engine
    /// The policy that decides actions.
    public let policy: Policy

    /// Creates a redactor.
    public init(engine: Engine, policy: Policy) {
        self.engine = engine
        self.policy = policy
    }

    /// Scans the string values that `include` selects (default: all) and returns the findings with
    /// their paths, the strongest action and, when something was redacted, the rewritten document.
    public func process(
        _ json: UnsafeRawBufferPointer, include: @escaping (JSONPath) -> Bool = { _ in true }
    ) throws(EngineError) -> JSONScanResult {
        var walker = JSONStringWalker(json, include: include)
        try walker.walk()
        let values = walker.values
        guard !values.isEmpty else { return JSONScanResult(action: .allow, findings: [], output: nil, exposed: [], complete: true) }
        // The selected strings, decoded and joined by separators, in the walker's buffer: kept alive until
        // the last use of `text` below.
        let storage = walker.storage
        defer { withExtendedLifetime(storage) {} }
        let text = walker.text

        let outcome = ScanOutcome(findings: try engine.scan(text), policy: policy)
        var located: [JSONFinding] = []
        located.reserveCapacity(outcome.findings.count)
        // Findings to redact, grouped by value. The engine's findings are sorted by start and ScanOutcome keeps
        // their order, so values come in document order, each once.
        var redactions: [(value: Int, findings: [Finding])] = []
        for item in outcome.findings {
            // The value holding the finding: the last one starting at or before it.
            var lo = 0, hi = values.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if values[mid].decoded.lowerBound <= item.finding.start { lo = mid } else { hi = mid - 1 }
            }
            let range = values[lo].decoded
            guard item.finding.end <= range.upperBound else { continue }  // spans a separator
            var local = item.finding
            local.start -= range.lowerBound
            local.end -= range.lowerBound
            located.append(JSONFinding(path: values[lo].path, finding: local, action: item.action))
            guard item.action >= .redact else { continue }
            if let last = redactions.indices.last, redactions[last].value == lo {
                redactions[last].findings.append(local)
            } else {
                redactions.append((lo, [local]))
            }
        }
        let action = located.map(\.action).max() ?? .allow
        guard !redactions.isEmpty else { return JSONScanResult(action: action, findings: located, output: nil, exposed: [], complete: true) }

        let redactor = Redactor(style: policy.redaction)
        var output: [UInt8] = []
        output.reserveCapacity(json.count + 64)
        var cursor = 0
        var complete = true
        var exposed: [JSONFinding] = []
        for (index, findings) in redactions {
            let value = values[index]
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: json[cursor..<value.literal.lowerBound]))
            let once = redactor.redact(UnsafeRawBufferPointer(rebasing: text[value.decoded]), findings: findings)
            // Redacting one value can expose a neighbour glued to it: the redacted value is scanned again, and
            // in the rare case that shows something to redact, settled like Engine.redact (which scans it anew).
            let again = try once.withUnsafeBytes { buffer in
                Result { () throws(EngineError) in ScanOutcome(findings: try engine.scan(buffer), policy: policy).redacting }
            }.get()
            guard !again.isEmpty else {
                JSONStringEncoder.append(once, to: &output)
                cursor = value.literal.upperBound
                continue
            }
            let settled = try once.withUnsafeBytes { buffer in
                Result { () throws(EngineError) in try engine.redact(buffer, policy: policy) }
            }.get()
            complete = complete && settled.complete
            // Everything this settling redacted was exposed by the first redaction of the value.
            for item in settled.outcome.redacting + settled.exposed {
                exposed.append(JSONFinding(path: value.path, finding: item.finding, action: item.action))
            }
            JSONStringEncoder.append(settled.output, to: &output)
            cursor = value.literal.upperBound
        }
        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: json[cursor...]))
        // A value still exposing findings after the last pass is not passed on half-redacted: fail closed.
        return JSONScanResult(action: complete ? action : .block, findings: located, output: output, exposed: exposed, complete: complete)
    }

    /// Processes a JSON string.
    public func process(_ json: String, include: @escaping (JSONPath) -> Bool = { _ in true }) throws(EngineError) -> JSONScanResult {
        try Array(json.utf8).withUnsafeBytes { buffer in
            Result { () throws(EngineError) in try process(buffer, include: include) }
        }.get()
    }
}

/// A finding inside a JSON document: the string value's path and offsets within its decoded text.
public struct JSONFinding: Sendable, Hashable, Codable {
    /// Where the string value is.
    public var path: JSONPath
    /// The finding; offsets are UTF-8 byte offsets into the decoded string value.
    public var finding: Finding
    /// The action the policy gave it.
    public var action: Action
}

/// The result of ``JSONRedactor/process(_:include:)-(UnsafeRawBufferPointer,_)``.
public struct JSONScanResult: Sendable {
    /// The strongest action among the findings.
    public var action: Action
    /// The findings, in document order.
    public var findings: [JSONFinding]
    /// The document with redacted values, or nil when nothing was redacted (forward the original).
    public var output: [UInt8]?
    /// Values that only showed once a neighbour was redacted (``RedactionResult/exposed``), also redacted;
    /// their offsets are into the partly redacted string, so they count but do not locate.
    public var exposed: [JSONFinding]
    /// False when some value still exposed findings after ``Engine/maximumRedactionPasses`` passes (values
    /// glued together so that redacting each exposes the next); ``action`` is then `block`, whatever
    /// the policy said, so that a caller never forwards a half-redacted document.
    public var complete: Bool
}

/// Writes JSON string literals: `"`, `\\`, newline, carriage return and tab get their short escapes,
/// other control bytes `\u00XX`; every other byte (UTF-8 included) is copied as it is.
public enum JSONStringEncoder {
    private static let hex: StaticString = "0123456789abcdef"

    /// Appends `text` as a quoted JSON string literal to `output`.
    public static func append(_ text: [UInt8], to output: inout [UInt8]) {
        text.withUnsafeBytes { append($0, to: &output) }
    }

    /// Appends the bytes as a quoted JSON string literal to `output`.
    ///
    /// The literal is written through a pointer into room for the longest it can be (six bytes a byte),
    /// then appended in one copy: appending it run by run cost about 120 instructions a run, and text with
    /// many newlines or quotes is many runs; sizing it first took a second search of the text.
    public static func append(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 6 + 2) { buffer in
            let out = buffer.baseAddress!
            var w = 0
            out[w] = UInt8(ascii: "\"")
            w += 1
            var cursor = 0
            while cursor < bytes.count {
                // Runs that need no escape are copied whole.
                let special = JSONBytes.nextSpecial(in: bytes, from: cursor)
                if special > cursor {
                    (out + w).update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + cursor, count: special - cursor)
                    w += special - cursor
                }
                guard special < bytes.count else { break }
                let b = bytes[special]
                out[w] = 92
                if let letter = shortEscape(b) {
                    out[w + 1] = letter
                    w += 2
                } else {
                    out[w + 1] = UInt8(ascii: "u")
                    out[w + 2] = 48
                    out[w + 3] = 48
                    out[w + 4] = hex.utf8Start[Int(b >> 4)]
                    out[w + 5] = hex.utf8Start[Int(b & 15)]
                    w += 6
                }
                cursor = special + 1
            }
            out[w] = UInt8(ascii: "\"")
            output.append(contentsOf: UnsafeBufferPointer(start: out, count: w + 1))
        }
    }

    /// The letter after the backslash for bytes with a short escape (`"`, `\\`, newline, carriage
    /// return, tab); nil for the other control bytes, written `\u00XX`.
    @inline(__always)
    private static func shortEscape(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): b
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        default: nil
        }
    }
}
