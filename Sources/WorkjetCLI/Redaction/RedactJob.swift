#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WorkjetDocuments
import WorkjetEngine

/// Redacts one input (used by ``RedactSession`` on its worker threads).
struct RedactJob: Sendable {
    let engine: Engine
    let filter: FindingFilter
    let destination: RedactSession.Destination
    let scanBinary: Bool
    let output: LockedOutput
    let chunkSize = 1 << 20

    /// Returns the result and whether a file was written with at least one redaction.
    func redact(_ target: ScanTarget) -> (FileResult, Bool) {
        var result = FileResult(target: target)
        do throws(CLIError) {
            let wrote = try redact(target, into: &result)
            return (result, wrote)
        } catch {
            if error.code == .usage { result.skipped = .special } else {
                result.failures.append(FileFailure(displayPath: target.displayPath, message: error.message))
            }
            return (result, false)
        }
    }

    private func redact(_ target: ScanTarget, into result: inout FileResult) throws(CLIError) -> Bool {
        let reader = try FileReader(path: target.path)
        let bufferSize = target.size > 0 && target.size < chunkSize ? target.size + 1 : chunkSize
        var chunk = [UInt8](repeating: 0, count: bufferSize)
        var count = try read(reader, into: &chunk)
        let format = DocumentFormat.sniff(prefix: chunk[0..<count], name: target.displayPath)
        if format.isContainer {
            result.skipped = .archive
            return false
        }
        if !scanBinary && chunk[0..<min(count, 8192)].contains(0) {
            result.skipped = .binary
            return false
        }
        let writer: AtomicFileWriter?
        let sink: (UnsafeRawBufferPointer) throws(CLIError) -> Void
        if target.isStandardInput {
            writer = nil
            sink = { [output] bytes in output.write(bytes: bytes) }
        } else {
            let path = try outputPath(for: target)
            let fileWriter = try AtomicFileWriter(target: path, mode: reader.mode)
            writer = fileWriter
            sink = { bytes throws(CLIError) in try fileWriter.write(bytes) }
        }
        var redactions = 0
        let countsBox = LockedBox<[String: Int]>([:])
        defer { result.countsByType = countsBox.value }
        let text = TextScanner(
            engine: engine, filter: filter, file: target.displayPath, member: nil, redactor: Redactor(style: filter.policy.redaction),
            output: sink,
            emit: { [countsBox] finding in
                if finding.action >= .redact { redactions += 1 }
                countsBox.withLock { $0[finding.type, default: 0] += 1 }
            })
        result.scanned = true
        if count < chunk.count {
            try chunk.withUnsafeBytes { raw in
                Result { () throws(CLIError) in try text.scanWhole(UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
            }.get()
        } else {
            while count > 0 {
                try chunk.withUnsafeBytes { raw in
                    Result { () throws(CLIError) in try text.write(UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
                }.get()
                count = try read(reader, into: &chunk)
            }
            try text.finish()
        }
        result.bytes = text.byteCount
        result.suppressedInline = text.counts.suppressedInline
        // In place, a file with nothing to redact is left untouched (the temporary file is discarded).
        guard let writer, redactions > 0 || destination != .inPlace else { return redactions > 0 }
        try writer.commit()
        return redactions > 0
    }

    private func read(_ reader: FileReader, into chunk: inout [UInt8]) throws(CLIError) -> Int {
        try chunk.withUnsafeMutableBytes { raw in Result { () throws(CLIError) in try reader.read(into: raw) } }.get()
    }

    /// The file to write: the input itself, or its path as reached from the argument under the output
    /// directory, with `..` and absolute prefixes removed so nothing lands outside it.
    private func outputPath(for target: ScanTarget) throws(CLIError) -> String {
        guard case .directory(let root) = destination else { return target.path }
        let parts = target.displayPath.split(separator: "/").filter { $0 != "." && $0 != ".." && !$0.isEmpty }
        guard !parts.isEmpty else { throw CLIError(.io, "cannot derive an output path from '\(target.displayPath)'") }
        var directory = root
        for part in parts.dropLast() {
            directory += "/" + part
            if mkdir(directory, 0o755) != 0 && errno != EEXIST {
                throw CLIError(.io, "cannot create directory '\(directory)': \(String(cString: strerror(errno)))")
            }
        }
        return directory + "/" + parts.last!
    }
}
