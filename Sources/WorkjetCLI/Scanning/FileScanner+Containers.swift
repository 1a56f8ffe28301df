import WorkjetDocuments
import WorkjetEngine

extension FileScanner {
    /// Streams a gzip file through the decoder into a chunked scan.
    func scanGzip(
        _ target: ScanTarget, reader: FileReader, chunk: inout [UInt8], count first: Int, into result: inout FileResult,
        emit: @escaping (ReportedFinding) -> Void
    ) throws(CLIError) {
        let text = makeScanner(target.displayPath, member: nil, emit: emit)
        defer { absorb(text, into: &result) }
        let decoder: GzipDecoder
        do { decoder = try GzipDecoder(limits: extractor.limits) } catch { throw CLIError(.io, error.description) }
        var checkedBinary = scanBinary
        var isBinary = false
        var count = first
        result.scanned = true
        do throws(DocumentError) {
            while count > 0 && !isBinary {
                try chunk.withUnsafeBytes { raw in
                    Result { () throws(DocumentError) in
                        try decoder.write(UnsafeRawBufferPointer(rebasing: raw[0..<count])) { out throws(DocumentError) in
                            if !checkedBinary {
                                checkedBinary = true
                                isBinary = out.prefix(8192).contains(0)
                            }
                            guard !isBinary else { return }
                            do throws(CLIError) { try text.write(out) } catch { throw DocumentError(.readFailed, error.message) }
                        }
                    }
                }.get()
                count = try chunk.withUnsafeMutableBytes { raw in
                    Result { () throws(DocumentError) in
                        do throws(CLIError) { return try reader.read(into: raw) } catch {
                            throw DocumentError(.readFailed, error.message)
                        }
                    }
                }.get()
            }
            if isBinary {
                result.skipped = .binary
                result.scanned = false
                return
            }
            try decoder.finish()
        } catch {
            result.failures.append(FileFailure(displayPath: target.displayPath, message: error.description))
        }
        try text.finish()
    }

    /// Extracts a zip or Office document and scans each member's text.
    func scanArchive(
        _ target: ScanTarget, format: DocumentFormat, reader: FileReader, first: [UInt8], into result: inout FileResult,
        emit: @escaping (ReportedFinding) -> Void
    ) throws(CLIError) {
        var scanErrors: [FileFailure] = []
        var local = result
        let visit: (ExtractedPart) -> Void = { part in
            let text = makeScanner(target.displayPath, member: part.member, emit: emit)
            do throws(CLIError) {
                try part.bytes.withUnsafeBytes { raw in Result { () throws(CLIError) in try text.scanWhole(raw) } }.get()
            } catch {
                scanErrors.append(FileFailure(displayPath: target.displayPath + "!/" + part.member, message: error.message))
            }
            absorb(text, into: &local)
        }
        let report: ExtractionReport
        do {
            if target.isStandardInput {
                var bytes = first
                var chunk = [UInt8](repeating: 0, count: chunkSize)
                while true {
                    let n = try chunk.withUnsafeMutableBytes { raw in Result { () throws(CLIError) in try reader.read(into: raw) } }.get()
                    if n == 0 { break }
                    bytes += chunk[0..<n]
                }
                report = try extractor.extract(bytes: bytes, name: target.displayPath, visit: visit)
            } else {
                report = try extractor.extract(fileAt: target.path, format: format, visit: visit)
            }
        } catch let error as DocumentError {
            result = local
            result.failures.append(FileFailure(displayPath: target.displayPath, message: error.description))
            return
        } catch {
            throw error as! CLIError
        }
        result = local
        result.scanned = true
        result.failures += scanErrors
        for problem in report.problems {
            let path = problem.member.map { target.displayPath + "!/" + $0 } ?? target.displayPath
            let failure = FileFailure(displayPath: path, message: "\(problem.code): \(problem.message)")
            if problem.code == .unsafeName { result.warnings.append(failure) } else { result.failures.append(failure) }
        }
    }
}
