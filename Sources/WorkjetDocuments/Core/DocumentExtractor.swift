import Foundation
import ZIPFoundation

/// Extracts scannable text from archives and Office documents: the members of a zip (recursively,
/// to ``ExtractionLimits/maxDepth``), gzip streams inside them, and the text of Office Open XML parts.
///
/// Broken members, zip bombs and unsafe names are collected in the ``ExtractionReport`` and the
/// rest of the document is still extracted; only a document that cannot be opened at all throws.
/// Nothing is ever written to disk.
///
/// ```swift
/// let extractor = DocumentExtractor()
/// let report = try extractor.extract(fileAt: "reports.zip", format: .zip) { part in
///     scan(part.bytes, member: part.member)
/// }
/// ```
public struct DocumentExtractor: Sendable {
    /// The bounds extraction keeps to.
    public var limits: ExtractionLimits

    /// The separator between nested archive levels in ``ExtractedPart/member``.
    public static let memberSeparator = MemberName.separator

    /// Creates an extractor.
    public init(limits: ExtractionLimits = ExtractionLimits()) {
        self.limits = limits
    }

    /// Extracts a zip or Office document stored in a file (read lazily, member by member).
    public func extract(
        fileAt path: String, format: DocumentFormat, visit: (ExtractedPart) -> Void
    ) throws(DocumentError) -> ExtractionReport {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw DocumentError(.brokenArchive, "not a readable zip archive (\(error))")
        }
        let data = try ZipData(path: path)
        return withoutActuallyEscaping(visit) { visit in
            var walk = ArchiveWalk(limits: limits, visit: visit)
            walk.walk(archive, data: data, parent: nil, depth: 1, office: format == .officeOpenXML)
            return walk.report
        }
    }

    /// Extracts a document held in memory; `name` decides whether a zip is an Office document.
    /// A plain document becomes one part named `name`.
    public func extract(
        bytes: [UInt8], name: String, visit: (ExtractedPart) -> Void
    ) throws(DocumentError) -> ExtractionReport {
        try withoutActuallyEscaping(visit) { visit throws(DocumentError) in
            try extract(bytes: bytes, name: name, walk: ArchiveWalk(limits: limits, visit: visit))
        }
    }

    private func extract(bytes: [UInt8], name: String, walk: consuming ArchiveWalk) throws(DocumentError) -> ExtractionReport {
        var walk = walk
        let format = DocumentFormat.sniff(prefix: bytes, name: name)
        switch format {
        case .plain:
            walk.emit(ExtractedPart(member: name, bytes: bytes))
        case .gzip:
            let text = try Self.gunzip(bytes, limits: limits, member: nil, alreadyExpanded: 0)
            walk.report.expandedBytes += text.count
            walk.emit(ExtractedPart(member: name, bytes: text))
        case .zip, .officeOpenXML:
            let archive: Archive
            do {
                archive = try ArchiveOpener.open(bytes)
            } catch {
                throw DocumentError(.brokenArchive, "not a readable zip archive (\(error))")
            }
            walk.walk(archive, data: ZipData(bytes: bytes), parent: nil, depth: 1, office: format == .officeOpenXML)
        }
        return walk.report
    }

    /// Decompresses a whole gzip buffer within the limits.
    static func gunzip(
        _ bytes: [UInt8], limits: ExtractionLimits, member: String?, alreadyExpanded: Int
    ) throws(DocumentError) -> [UInt8] {
        let decoder = try GzipDecoder(limits: limits, member: member, alreadyExpanded: alreadyExpanded)
        var out: [UInt8] = []
        try decoder.write(bytes) { chunk throws(DocumentError) in
            if out.count + chunk.count > limits.maxMemberBytes {
                throw DocumentError(.tooLarge, "expands past \(limits.maxMemberBytes) bytes (ExtractionLimits.maxMemberBytes)", member: member)
            }
            out.append(contentsOf: chunk)
        }
        try decoder.finish()
        return out
    }
}
