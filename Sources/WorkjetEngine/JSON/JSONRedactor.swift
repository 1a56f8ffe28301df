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

    // Strings are joined for one scan; NUL between newlines keeps built-in patterns from spanning two values,
    // and any finding that still would is dropped.
    private static let separator: [UInt8] = [0x0A, 0x00, 0x0A]

    /// Scans the string values that `include` selects (default: all) and returns the findings with
    /// their paths, the strongest action and, when something was redacted, the rewritten document.
    public func process(
        _ json: UnsafeRawBufferPointer, include: @escaping (JSONPath) -> Bool = { _ in true }
    ) throws(EngineError) -> JSONScanResult {
        var walker = JSONStringWalker(json, include: include)
        try walker.walk()
        let values = walker.values
        guard !values.isEmpty else { return JSONScanResult(action: .allow, findings: [], output: nil, exposed: [], complete: true) }

        var joined: [UInt8] = []
        joined.reserveCapacity(values.reduce(0) { $0 + $1.decoded.count + 3 })
        var starts: [Int] = []
        starts.reserveCapacity(values.count)
        for value in values {
            starts.append(joined.count)
            joined += value.decoded
            joined += Self.separator
        }
        let findings = try joined.withUnsafeBytes { buffer in
            Result { () throws(EngineError) in try engine.scan(buffer) }
        }.get()
        let outcome = ScanOutcome(findings: findings, policy: policy)

        var located: [JSONFinding] = []
        var redactByValue: [Int: [Finding]] = [:]
        for item in outcome.findings {
            // The value holding the finding: the last start at or before it.
            var lo = 0, hi = starts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if starts[mid] <= item.finding.start { lo = mid } else { hi = mid - 1 }
            }
            let base = starts[lo]
            guard item.finding.end - base <= values[lo].decoded.count else { continue }
            var local = item.finding
            local.start -= base
            local.end -= base
            located.append(JSONFinding(path: values[lo].path, finding: local, action: item.action))
            if item.action >= .redact { redactByValue[lo, default: []].append(local) }
        }
        let action = located.map(\.action).max() ?? .allow
        guard !redactByValue.isEmpty else { return JSONScanResult(action: action, findings: located, output: nil, exposed: [], complete: true) }

        let redactor = Redactor(style: policy.redaction)
        var output: [UInt8] = []
        output.reserveCapacity(json.count + 64)
        var cursor = 0
        var complete = true
        var exposed: [JSONFinding] = []
        for index in redactByValue.keys.sorted() {
            let value = values[index]
            output += json[cursor..<value.literal.lowerBound]
            let once = value.decoded.withUnsafeBytes { redactor.redact($0, findings: redactByValue[index]!) }
            // Redacting one value can expose a neighbour glued to it; settle the string like Engine.redact.
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
        output += json[cursor...]
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
    /// The literal is sized first and then written through a pointer: appending it run by run cost about
    /// 120 instructions a run, and text with many newlines or quotes is many runs.
    public static func append(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        var size = bytes.count + 2
        var cursor = 0
        while cursor < bytes.count {
            let special = JSONBytes.nextSpecial(in: bytes, from: cursor)
            guard special < bytes.count else { break }
            size += shortEscape(bytes[special]) == nil ? 5 : 1
            cursor = special + 1
        }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: size))
        output.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress! + start
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
