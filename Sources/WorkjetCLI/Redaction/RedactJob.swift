#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
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
        let count = try read(reader, into: &chunk)
        let format = DocumentFormat.sniff(prefix: chunk[0..<count], name: target.displayPath)
        if format.isContainer {
            result.skipped = .archive
            return false
        }
        if !scanBinary && chunk[0..<min(count, 8192)].contains(0) {
            result.skipped = .binary
            return false
        }
        // Every pass writes a temporary file next to the output (standard input's in the temporary
        // directory); only a settled one is renamed over the output or copied to standard output.
        let path = target.isStandardInput ? nil : try outputPath(for: target)
        let scratchTarget = path ?? Self.standardInputScratch
        let countsBox = LockedBox<[String: Int]>([:])
        defer { result.countsByType = countsBox.value }
        var written = try AtomicFileWriter(target: scratchTarget, mode: reader.mode)
        let first = try pass(reader, chunk: &chunk, count: count, into: written, file: target.displayPath, counts: countsBox)
        result.scanned = true
        result.bytes = first.bytes
        result.suppressedInline = first.suppressedInline
        // Redacting one value can expose another (a number glued to the one before it, `…]AKIA…`): the
        // written text is scanned again and redacted again until a pass finds nothing, as Engine.redact
        // settles a buffer. Findings of later passes count like the first pass's.
        var passes = 1, redactedLast = first.redactions
        while redactedLast > 0 {
            guard passes < Engine.maximumRedactionPasses else {
                throw CLIError(
                    .io, "redaction did not settle in \(passes) passes (values that expose one another when redacted); nothing was written")
            }
            let next = try AtomicFileWriter(target: scratchTarget, mode: reader.mode)
            let again = try FileReader(path: written.temporaryPath)
            // The first pass's buffer again (sized for the input; a longer text takes the chunked path).
            let outcome = try pass(again, chunk: &chunk, count: read(again, into: &chunk), into: next, file: target.displayPath, counts: countsBox)
            passes += 1
            redactedLast = outcome.redactions
            if redactedLast > 0 { written = next }  // else `next` is the same text; it is discarded
        }
        if path == nil {
            try copy(written.temporaryPath, to: output)
            return first.redactions > 0
        }
        // In place, a file with nothing to redact is left untouched (the temporary file is discarded).
        guard first.redactions > 0 || destination != .inPlace else { return false }
        try written.commit()
        return first.redactions > 0
    }

    /// What one pass over a text found.
    private struct PassOutcome {
        var redactions = 0
        var bytes = 0
        var suppressedInline = 0
    }

    /// Scans `reader` (whose first `count` bytes are already in `chunk`) and writes the text with the findings
    /// whose action is redact or block replaced to `writer`.
    private func pass(
        _ reader: FileReader, chunk: inout [UInt8], count first: Int, into writer: AtomicFileWriter, file: String,
        counts: LockedBox<[String: Int]>
    ) throws(CLIError) -> PassOutcome {
        var redactions = 0
        let text = TextScanner(
            engine: engine, filter: filter, file: file, member: nil, redactor: Redactor(style: filter.policy.redaction),
            output: { bytes throws(CLIError) in try writer.write(bytes) },
            emit: { [counts] finding in
                if finding.action >= .redact { redactions += 1 }
                counts.withLock { $0[finding.type, default: 0] += 1 }
            })
        var count = first
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
        return PassOutcome(redactions: redactions, bytes: text.byteCount, suppressedInline: text.counts.suppressedInline)
    }

    /// Where standard input's passes are written before the settled text goes to standard output.
    private static var standardInputScratch: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("workjet-stdin").path
    }

    /// Streams a file to `output`.
    private func copy(_ path: String, to output: LockedOutput) throws(CLIError) {
        let reader = try FileReader(path: path)
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = try read(reader, into: &buffer)
            guard count > 0 else { return }
            buffer.withUnsafeBytes { output.write(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
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
