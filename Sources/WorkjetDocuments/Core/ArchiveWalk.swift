import Foundation
import ZIPFoundation

/// One extraction: walks an archive's members depth-first, keeping the totals the limits apply to.
struct ArchiveWalk {
    let limits: ExtractionLimits
    let visit: (ExtractedPart) -> Void
    var report = ExtractionReport()
    private var members = 0

    init(limits: ExtractionLimits, visit: @escaping (ExtractedPart) -> Void) {
        self.limits = limits
        self.visit = visit
    }

    mutating func emit(_ part: ExtractedPart) {
        report.parts += 1
        visit(part)
    }

    /// Reads every member of `archive`, whose raw bytes are `data`; `parent` is the member path of the
    /// archive itself (nil at the top). ZIPFoundation lists the members; their data is read by ``ZipData``.
    mutating func walk(_ archive: Archive, data: ZipData, parent: String?, depth: Int, office: Bool) {
        let records: [ZipData.Record]
        do throws(DocumentError) {
            records = try data.centralDirectory(member: parent)
        } catch {
            report.problems.append(error)
            return
        }
        for (index, entry) in archive.enumerated() where entry.type == .file {
            let (safe, unsafe) = MemberName.sanitize(entry.path)
            let member = MemberName.join(parent, safe)
            if unsafe {
                report.problems.append(DocumentError(
                    .unsafeName, "unsafe member name \(String(reflecting: entry.path)) (absolute or '..'); scanned as '\(safe)'",
                    member: member))
            }
            members += 1
            guard members <= limits.maxMembers else {
                report.problems.append(DocumentError(
                    .tooLarge, "more than \(limits.maxMembers) members (ExtractionLimits.maxMembers); the rest were not read",
                    member: parent))
                return
            }
            do throws(DocumentError) {
                // ZIPFoundation and ZipData read the same central directory, record by record.
                guard index < records.count, records[index].compressedSize == entry.compressedSize,
                    records[index].crc == entry.checksum
                else {
                    throw DocumentError(.brokenArchive, "member not found in the central directory as listed", member: member)
                }
                let before = report.expandedBytes
                var expanded = 0
                let bytes: [UInt8]
                do throws(DocumentError) {
                    bytes = try data.extract(records[index], limits: limits, total: before, member: member, expanded: &expanded)
                    report.expandedBytes = before + expanded
                } catch {
                    report.expandedBytes = before + expanded
                    throw error
                }
                try handle(bytes, member: member, depth: depth, office: office)
            } catch {
                report.problems.append(error)
                if error.code == .zipBomb && report.expandedBytes > limits.maxTotalBytes { return }
            }
        }
    }

    private mutating func handle(_ bytes: [UInt8], member: String, depth: Int, office: Bool) throws(DocumentError) {
        let format = DocumentFormat.sniff(prefix: bytes, name: member)
        switch format {
        case .gzip:
            let text = try DocumentExtractor.gunzip(
                bytes, limits: limits, member: member, alreadyExpanded: report.expandedBytes)
            report.expandedBytes += text.count
            try handle(text, member: member, depth: depth, office: false)
        case .zip, .officeOpenXML:
            guard depth < limits.maxDepth else {
                throw DocumentError(.tooDeep, "archive nested deeper than \(limits.maxDepth) levels (ExtractionLimits.maxDepth); not opened", member: member)
            }
            let inner: Archive
            do {
                inner = try ArchiveOpener.open(bytes)
            } catch {
                throw DocumentError(.brokenArchive, "not a readable zip archive (\(error))", member: member)
            }
            walk(inner, data: ZipData(bytes: bytes), parent: member, depth: depth + 1, office: format == .officeOpenXML)
        case .plain:
            if office && OfficeText.isXMLPart(member) {
                do {
                    let text = try OfficeText.text(ofXML: bytes, member: member)
                    if !text.isEmpty { emit(ExtractedPart(member: member, bytes: text)) }  // e.g. [Content_Types].xml
                    return
                } catch {
                    // Reported, then read below as plain bytes: a malformed part loses no text.
                    report.problems.append(error)
                }
            }
            if bytes.prefix(8192).contains(0) {
                report.binaryMembers += 1
            } else {
                emit(ExtractedPart(member: member, bytes: bytes))
            }
        }
    }
}
