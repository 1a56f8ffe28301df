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

    /// Whether a member of an Office document is an XML part: document parts (`.xml`) and relationship
    /// parts (`.rels`). Every one is parsed, the package's own parts included: a relationship part holds
    /// the targets of external hyperlinks (`mailto:` addresses, URLs with tokens in them), and a member
    /// named like a package part must not be a place where text goes unscanned.
    static func isXMLPart(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".xml") || lower.hasSuffix(".rels")
    }
}

/// Collects character data, and the attributes in which Office keeps text a reader sees; one per parse.
private final class TextCollector: NSObject, XMLParserDelegate {
    var text: [UInt8] = []
    // Looked up by the local name as a Substring: no String is made per element (a document part has
    // hundreds of thousands of elements).
    private static let lineEnds: Set<Substring> = ["p", "si", "row", "tr", "br", "cr", "txBody", "comment"]
    private static let cellEnds: Set<Substring> = ["tab", "c", "tc"]
    /// Alternative text and titles of pictures and shapes (`descr`, `title` on `wp:docPr`, `p:cNvPr`,
    /// `xdr:cNvPr`) and hyperlink tooltips (`w:tooltip`, `tooltip`), by local name, in this order.
    private static let textAttributes: [Substring] = ["descr", "title", "tooltip"]

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        guard !attributes.isEmpty else { return }
        if Self.localName(elementName) == "Relationship" {
            // Only external targets are text (hyperlinks, mailto: addresses); internal ones name parts.
            if attributes["TargetMode"] == "External", let target = attributes["Target"] { appendLine(target) }
            return
        }
        var found: [(rank: Int, name: String, value: String)] = []
        for (name, value) in attributes {
            if let rank = Self.textAttributes.firstIndex(of: Self.localName(name)) { found.append((rank, name, value)) }
        }
        guard !found.isEmpty else { return }
        // In a fixed order (the dictionary has none), so that offsets are the same on every run.
        found.sort { ($0.rank, $0.name) < ($1.rank, $1.name) }
        for item in found { appendLine(item.value) }
    }

    /// Appends an attribute's value on a line of its own, so that it never joins the text around it.
    private func appendLine(_ value: String) {
        guard !value.isEmpty else { return }
        if let last = text.last, last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
        text.append(contentsOf: value.utf8)
        text.append(UInt8(ascii: "\n"))
    }

    private static func localName(_ name: String) -> Substring {
        guard let colon = name.lastIndex(of: ":") else { return name[...] }
        return name[name.index(after: colon)...]
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text.append(contentsOf: string.utf8)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text.append(contentsOf: CDATABlock)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let local = Self.localName(elementName)
        if Self.lineEnds.contains(local) {
            text.append(UInt8(ascii: "\n"))
        } else if Self.cellEnds.contains(local) {
            text.append(UInt8(ascii: "\t"))
        }
    }
}
