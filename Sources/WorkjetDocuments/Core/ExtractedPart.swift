/// Text taken from one member of a document, ready to scan.
public struct ExtractedPart: Sendable, Hashable {
    /// Where the text came from inside the document: `word/document.xml`, or `inner.zip!/notes.txt`
    /// for a nested archive (``DocumentExtractor/memberSeparator`` between levels).
    public var member: String
    /// The bytes to scan: a member's content, or the text of an XML part.
    public var bytes: [UInt8]

    /// Creates a part.
    public init(member: String, bytes: [UInt8]) {
        self.member = member
        self.bytes = bytes
    }
}

/// What extracting a document produced besides its parts.
public struct ExtractionReport: Sendable, Hashable {
    /// Members that could not be extracted, nested too deep, bombs, unsafe names (still scanned under a
    /// safe name), malformed XML parts. The rest of the document was still extracted.
    public var problems: [DocumentError] = []
    /// Members skipped because they hold binary data (a NUL byte in their first 8 KiB).
    public var binaryMembers = 0
    /// Parts handed to the visitor.
    public var parts = 0
    /// Bytes expanded from the document, all levels together.
    public var expandedBytes = 0

    /// An empty report.
    public init() {}
}
