#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WorkjetDocuments
import WorkjetEngine

/// Scans one input end to end: opens it, decides its format from its first bytes, streams plain and
/// gzip content through a ``TextScanner`` in chunks, and extracts archives and Office documents member
/// by member. Never throws: every problem ends up in the ``FileResult``.
public struct FileScanner: Sendable {
    /// The shared engine.
    public var engine: Engine
    /// Policy, filters and baseline.
    public var filter: FindingFilter
    /// Archive limits.
    public var extractor: DocumentExtractor
    /// Whether files with NUL bytes are scanned.
    public var scanBinary: Bool
    /// A plain file that fits in one chunk is scanned in one block call; a larger one is split into chunks
    /// of this size that workers scan in parallel (``ChunkPlan``); standard input and gzip are streamed
    /// with reads of this size.
    public var chunkSize: Int
    /// Context scanned on both sides of a chunk (see ``ChunkPlan``); the default covers the engine's
    /// longest stream window.
    public var chunkOverlap: Int
    /// Whether large plain files are split into chunks (false: streamed sequentially, the reference the
    /// chunked scan is tested against).
    public var splitsLargeFiles = true
    /// Whether findings are kept in the ``FileResult`` (false for streamed output: a file with millions
    /// of findings then costs no memory per finding).
    public var retainFindings = true

    /// Creates a file scanner.
    public init(
        engine: Engine, filter: FindingFilter, extractor: DocumentExtractor = DocumentExtractor(), scanBinary: Bool = false,
        chunkSize: Int = 8 << 20
    ) {
        self.engine = engine
        self.filter = filter
        self.extractor = extractor
        self.scanBinary = scanBinary
        self.chunkSize = chunkSize
        chunkOverlap = Self.overlap(for: engine)
    }

    /// Scans `target`; `emit` is called for each finding as it is found (from the calling thread).
    public func scan(_ target: ScanTarget, emit: (ReportedFinding) -> Void = { _ in }) -> FileResult {
        var buffer: [UInt8] = []
        return scan(target, buffer: &buffer, emit: emit)
    }

    /// ``scan(_:emit:)`` reading into `buffer`, which a worker keeps across files (grown as needed).
    func scan(_ target: ScanTarget, buffer: inout [UInt8], emit: (ReportedFinding) -> Void) -> FileResult {
        var result = FileResult(target: target)
        // Filled by the emit closure while `result` is borrowed by the scan, so kept apart until it ends.
        var found: [ReportedFinding] = []
        // Room for a few types without growing: most files hold few findings.
        var counts = [String: Int](minimumCapacity: 8)
        var strongest: Action?
        withoutActuallyEscaping(emit) { emit in
            do throws(CLIError) {
                try scan(target, buffer: &buffer, into: &result) { [retainFindings] finding in
                    if retainFindings { found.append(finding) }
                    counts[finding.type, default: 0] += 1
                    strongest = max(strongest ?? .allow, finding.action)
                    emit(finding)
                }
            } catch {
                if error.code == .usage {
                    result.skipped = .special
                } else {
                    result.failures.append(FileFailure(displayPath: target.displayPath, message: error.message))
                }
            }
        }
        result.findings = found
        result.countsByType = counts
        result.strongestAction = strongest
        return result
    }

    private func scan(
        _ target: ScanTarget, buffer: inout [UInt8], into result: inout FileResult, emit: @escaping (ReportedFinding) -> Void
    ) throws(CLIError) {
        let reader = try FileReader(path: target.path)
        // A small file is read whole (plus one byte to see the end), else a chunk at a time. The buffer is
        // reused across files: allocating and zero-filling one per file cost a tenth of scanning a 10 KB file.
        let bufferSize = target.size > 0 && target.size < chunkSize ? target.size + 1 : chunkSize
        if buffer.count < bufferSize {
            buffer = [UInt8](repeating: 0, count: max(bufferSize, min(chunkSize, max(64 << 10, 2 * buffer.count))))
        }
        let read = { (buffer: inout [UInt8]) throws(CLIError) -> Int in
            try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(CLIError) in try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<bufferSize])) }
            }.get()
        }
        var count = try read(&buffer)
        let format = DocumentFormat.sniff(prefix: buffer[0..<count], name: target.displayPath)
        switch format {
        case .zip, .officeOpenXML:
            try scanArchive(target, format: format, reader: reader, first: Array(buffer[0..<count]), into: &result, emit: emit)
            return
        case .gzip:
            var chunk = Array(buffer[0..<bufferSize])
            try scanGzip(target, reader: reader, chunk: &chunk, count: count, into: &result, emit: emit)
            return
        case .plain:
            break
        }
        if !scanBinary && buffer.withUnsafeBytes({ memchr($0.baseAddress!, 0, min(count, 8192)) != nil }) {
            result.skipped = .binary
            return
        }
        result.scanned = true
        let text = makeScanner(target.displayPath, member: nil, emit: emit)
        defer { absorb(text, into: &result) }
        if count < bufferSize {
            try buffer.withUnsafeBytes { raw in
                Result { () throws(CLIError) in try text.scanWhole(UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
            }.get()
            return
        }
        while count > 0 {
            try buffer.withUnsafeBytes { raw in
                Result { () throws(CLIError) in try text.write(UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
            }.get()
            count = try read(&buffer)
        }
        try text.finish()
    }

    /// The chunk size for `jobs` workers: 8 MiB (large enough that per-chunk costs vanish), less with many
    /// workers so that the chunks in flight stay within 64 MiB, and never under 1 MiB.
    public static func chunkSize(jobs: Int) -> Int {
        max(1 << 20, min(8 << 20, (64 << 20) / max(1, jobs)))
    }

    func makeScanner(_ file: String, member: String?, emit: @escaping (ReportedFinding) -> Void) -> TextScanner {
        TextScanner(engine: engine, filter: filter, file: file, member: member, redactor: Redactor(style: filter.policy.redaction), emit: emit)
    }

    func absorb(_ text: TextScanner, into result: inout FileResult) {
        result.bytes += text.byteCount
        result.suppressedInline += text.counts.suppressedInline
        result.suppressedBaseline += text.counts.suppressedBaseline
    }
}
