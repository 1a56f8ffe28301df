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

    /// Reads every member of `archive`; `parent` is the member path of the archive itself (nil at the top).
    mutating func walk(_ archive: Archive, parent: String?, depth: Int, office: Bool) {
        for entry in archive where entry.type == .file {
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
                let bytes = try read(entry, from: archive, member: member)
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
            walk(inner, parent: member, depth: depth + 1, office: format == .officeOpenXML)
        case .plain:
            if office && OfficeText.isTextPart(member) {
                emit(ExtractedPart(member: member, bytes: try OfficeText.text(ofXML: bytes, member: member)))
            } else if office && OfficeText.isPackagePart(member) {
                return  // relationships and content types: no user text
            } else if bytes.prefix(8192).contains(0) {
                report.binaryMembers += 1
            } else {
                emit(ExtractedPart(member: member, bytes: bytes))
            }
        }
    }

    /// Reads a member into memory, stopping as soon as it breaks a limit (declared sizes may lie).
    private mutating func read(_ entry: Entry, from archive: Archive, member: String) throws(DocumentError) -> [UInt8] {
        let declared = Int(clamping: entry.uncompressedSize)
        guard declared <= limits.maxMemberBytes else {
            throw DocumentError(.tooLarge, "declares \(declared) bytes, over ExtractionLimits.maxMemberBytes (\(limits.maxMemberBytes))", member: member)
        }
        let compressed = Int(clamping: entry.compressedSize)
        let limits = self.limits
        let before = report.expandedBytes
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(declared, 16 << 20))
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: 64 << 10, skipCRC32: false) { data in
                bytes.append(contentsOf: data)
                guard bytes.count <= limits.maxMemberBytes else {
                    throw DocumentError(.tooLarge, "expands past ExtractionLimits.maxMemberBytes (\(limits.maxMemberBytes))", member: member)
                }
                try limits.checkExpansion(expanded: bytes.count, compressed: compressed, total: before + bytes.count, member: member)
            }
        } catch let error as DocumentError {
            report.expandedBytes = before + bytes.count
            throw error
        } catch {
            throw DocumentError(.brokenArchive, "member could not be extracted (\(error))", member: member)
        }
        report.expandedBytes = before + bytes.count
        guard checksum == entry.checksum else {
            throw DocumentError(.brokenArchive, "CRC-32 mismatch: the member is corrupt", member: member)
        }
        return bytes
    }
}
