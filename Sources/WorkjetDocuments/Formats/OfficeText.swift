import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The text of an Office Open XML part (WordprocessingML, SpreadsheetML, PresentationML), read with
/// Foundation's `XMLParser` (libxml2): character data in document order, a newline after each paragraph
/// or row and a tab after each cell, so that values split across runs (`<w:r>`) stay contiguous.
enum OfficeText {
    /// Extracts the text of one XML part; throws ``DocumentError/Code/invalidXML`` on malformed XML.
    static func text(ofXML bytes: [UInt8], member: String) throws(DocumentError) -> [UInt8] {
        let parser = XMLParser(data: Data(bytes))
        let collector = TextCollector()
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        // On Linux, parse() can return true for malformed XML and only set parserError.
        guard parser.parse(), parser.parserError == nil else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw DocumentError(.invalidXML, "malformed XML (\(reason))", member: member)
        }
        return collector.text
    }

    /// Whether a member of an Office document only describes the package (relationships, content types).
    static func isPackagePart(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".rels") || lower.hasSuffix("[content_types].xml") || lower.contains("_rels/")
    }

    /// Whether a member of an Office document is an XML part with user text (not relationships or content types).
    static func isTextPart(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".xml") && !isPackagePart(path)
    }
}

/// Collects character data; one per parse.
private final class TextCollector: NSObject, XMLParserDelegate {
    var text: [UInt8] = []
    private static let lineEnds: Set<String> = ["p", "si", "row", "tr", "br", "cr", "txBody", "comment"]
    private static let cellEnds: Set<String> = ["tab", "c", "tc"]

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text.append(contentsOf: string.utf8)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text.append(contentsOf: CDATABlock)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        if Self.lineEnds.contains(local) {
            text.append(UInt8(ascii: "\n"))
        } else if Self.cellEnds.contains(local) {
            text.append(UInt8(ascii: "\t"))
        }
    }
}
