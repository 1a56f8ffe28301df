/// An error raised while extracting text from a document: a stable code and a message naming the
/// document, the member and what to do about it.
public struct DocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The archive or compressed stream is truncated or corrupt.
        public static let brokenArchive = Code(rawValue: "broken_archive")
        /// Expansion exceeded ``ExtractionLimits/maxExpansionRatio`` or ``ExtractionLimits/maxTotalBytes``.
        public static let zipBomb = Code(rawValue: "zip_bomb")
        /// Archives nested deeper than ``ExtractionLimits/maxDepth``.
        public static let tooDeep = Code(rawValue: "too_deep")
        /// A member is larger than ``ExtractionLimits/maxMemberBytes`` or there are too many members.
        public static let tooLarge = Code(rawValue: "too_large")
        /// A member name is absolute or climbs out of the archive (`../`); it was renamed for reporting.
        public static let unsafeName = Code(rawValue: "unsafe_name")
        /// An XML part of an Office document could not be parsed.
        public static let invalidXML = Code(rawValue: "invalid_xml")
        /// The file could not be read.
        public static let readFailed = Code(rawValue: "read_failed")
    }

    /// The stable error code.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The archive member the error concerns (`nil` for the document itself).
    public var member: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, member: String? = nil) {
        self.code = code
        self.message = message
        self.member = member
    }

    public var description: String {
        if let member { return "\(code): \(member): \(message)" }
        return "\(code): \(message)"
    }
}
