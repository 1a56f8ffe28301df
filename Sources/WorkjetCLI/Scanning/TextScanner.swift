import WorkjetEngine

/// Scans one logical byte sequence (a file, a decompressed stream or an archive member) and reports its
/// findings, either at once (``scanWhole(_:)``) or chunk by chunk (``write(_:)`` then ``finish()``) with
/// memory bounded by the engine's stream window. With an `output`, it also writes a redacted copy.
final class TextScanner {
    private let engine: Engine
    private let filter: FindingFilter
    private let file: String
    private let member: String?
    private let emit: (ReportedFinding) -> Void
    private let output: ((UnsafeRawBufferPointer) throws(CLIError) -> Void)?
    private let redactor: Redactor
    private let fingerprints: FileFingerprinter
    private var stream: ScanStream?
    private var lines = LineIndex()
    /// Bytes of the input not yet dropped, starting at absolute offset `base`.
    private var buffer: [UInt8] = []
    private var base = 0
    /// Redacted output has been written up to this absolute offset.
    private var written = 0
    private var pendingRedactions: [Finding] = []
    private(set) var counts = FindingFilter.Counts()
    private(set) var findingCount = 0
    private(set) var byteCount = 0

    /// Extra bytes kept behind the stream's own window: a finding held back for overlap resolution may start
    /// before the stream's buffer (the longest unbounded pattern window is 16 KiB by default).
    private static let slack = 64 << 10

    init(
        engine: Engine, filter: FindingFilter, file: String, member: String?, redactor: Redactor,
        output: ((UnsafeRawBufferPointer) throws(CLIError) -> Void)? = nil, emit: @escaping (ReportedFinding) -> Void
    ) {
        self.engine = engine
        self.filter = filter
        self.file = file
        self.member = member
        self.redactor = redactor
        self.output = output
        self.emit = emit
        fingerprints = filter.fingerprinter.file(file, member: member)
    }

    /// Scans a complete input.
    func scanWhole(_ bytes: UnsafeRawBufferPointer) throws(CLIError) {
        byteCount = bytes.count
        let findings: [Finding]
        do { findings = try engine.scan(bytes) } catch { throw CLIError(.io, "scan failed: \(error)") }
        // Lines counted up to each finding rather than indexed whole: a small file's line index (an array of
        // every newline's offset) cost a sixth as much as scanning it.
        var cursor = LineCursor(bytes)
        let reported = report(findings, lines: &cursor) { finding in
            UnsafeRawBufferPointer(rebasing: bytes[finding.start..<min(finding.end, bytes.count)])
        }
        guard let output else { return }
        let redacted = redactor.redact(bytes, findings: redactable(reported, from: findings))
        try redacted.withUnsafeBytes { raw in Result { () throws(CLIError) in try output(raw) } }.get()
    }

    /// Scans the next chunk.
    func write(_ chunk: UnsafeRawBufferPointer) throws(CLIError) {
        if stream == nil {
            do { stream = try engine.makeStream() } catch { throw CLIError(.io, "cannot open a scan stream: \(error)") }
        }
        buffer.append(contentsOf: chunk)
        lines.append(chunk)
        byteCount += chunk.count
        let findings: [Finding]
        do { findings = try stream!.write(chunk) } catch { throw CLIError(.io, "scan failed: \(error)") }
        handle(findings)
        let keepFrom = max(base, stream!.byteCount - stream!.retainedBytes - Self.slack)
        try flush(upTo: keepFrom)
        trim(keepingFrom: output == nil ? keepFrom : min(keepFrom, written))
    }

    /// Ends a chunked scan.
    func finish() throws(CLIError) {
        guard let stream else { return }
        let findings: [Finding]
        do { findings = try stream.finish() } catch { throw CLIError(.io, "scan failed: \(error)") }
        handle(findings)
        try flush(upTo: byteCount)
    }

    private func handle(_ findings: [Finding]) {
        guard !findings.isEmpty else { return }
        let base = base
        let reported = buffer.withUnsafeBytes { buffer in
            report(findings, lines: &lines) { finding in
                guard finding.start >= base else { return nil }
                return UnsafeRawBufferPointer(rebasing: buffer[(finding.start - base)..<min(finding.end - base, buffer.count)])
            }
        }
        if output != nil { pendingRedactions += redactable(reported, from: findings) }
    }

    private func report(
        _ findings: [Finding], lines: inout some LinePositions, value: (Finding) -> UnsafeRawBufferPointer?
    ) -> [ReportedFinding] {
        let reported = filter.report(
            findings, file: file, member: member, fingerprints: fingerprints, lines: &lines, counts: &counts, value: value)
        findingCount += reported.count
        reported.forEach(emit)
        return reported
    }

    /// The engine findings behind reported findings whose action is redact or block.
    private func redactable(_ reported: [ReportedFinding], from findings: [Finding]) -> [Finding] {
        let wanted = Set(reported.filter { $0.action >= .redact }.map { [$0.start, $0.end] })
        return findings.filter { wanted.contains([$0.start, $0.end]) }
    }

    /// Writes redacted output up to `limit` (further if a redaction runs past it).
    private func flush(upTo limit: Int) throws(CLIError) {
        guard let output, limit > written else { return }
        var slice: [Finding] = []
        var end = limit
        while let next = pendingRedactions.first, next.start < end {
            pendingRedactions.removeFirst()
            guard next.start >= written else { continue }
            slice.append(Finding(
                entityType: next.entityType, detectorID: next.detectorID, start: next.start - written,
                end: next.end - written, confidence: next.confidence, validated: next.validated))
            end = max(end, next.end)
        }
        end = min(end, base + buffer.count)
        let from = written - base
        let bytes = buffer.withUnsafeBytes { raw in
            redactor.redact(UnsafeRawBufferPointer(rebasing: raw[from..<(end - base)]), findings: slice)
        }
        try bytes.withUnsafeBytes { raw in Result { () throws(CLIError) in try output(raw) } }.get()
        written = end
    }

    private func trim(keepingFrom absolute: Int) {
        let drop = absolute - base
        guard drop > 0 else { return }
        buffer.removeFirst(drop)
        base += drop
        lines.drop(before: absolute)
    }
}
