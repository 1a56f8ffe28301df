/// One piece of sensitive data found in scanned bytes.
///
/// Offsets are UTF-8 byte offsets into the scanned input (for a stream, into the whole stream).
public struct Finding: Hashable, Sendable, Codable {
    /// What was found.
    public var entityType: EntityType
    /// The id of the detector that found it, for example `credit_card` or `github_pat`.
    public var detectorID: String
    /// Byte offset of the first byte of the sensitive value.
    public var start: Int
    /// Byte offset one past the last byte of the sensitive value.
    public var end: Int
    /// Confidence in `0...1`: the detector's base confidence, raised by context keywords.
    public var confidence: Double
    /// Whether a validator (Luhn, SSN rules, …) confirmed the value.
    public var validated: Bool

    /// Creates a finding.
    public init(entityType: EntityType, detectorID: String, start: Int, end: Int, confidence: Double, validated: Bool) {
        self.entityType = entityType
        self.detectorID = detectorID
        self.start = start
        self.end = end
        self.confidence = confidence
        self.validated = validated
    }

    /// The byte range of the value.
    public var range: Range<Int> { start..<end }
    /// The length of the value in bytes.
    public var length: Int { end - start }

    enum CodingKeys: String, CodingKey {
        case entityType = "type", detectorID = "detector", start, end, confidence, validated
    }
}
