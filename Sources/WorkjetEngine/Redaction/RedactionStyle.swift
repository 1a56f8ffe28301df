/// How a redacted value is replaced.
public enum RedactionStyle: Sendable, Hashable, Codable {
    /// The entity type in brackets: `[CREDIT_CARD]`.
    case label
    /// Every letter and digit but the last `keep` replaced by `*`, separators kept: `****-****-****-1111`.
    case mask(keep: Int)
    /// A keyed HMAC-SHA256 pseudonym: `[EMAIL_ADDRESS:qzkfmwpdlrta]`. The same value under the same key
    /// always gives the same token, so replacements stay consistent across a conversation.
    case pseudonym(key: [UInt8])
    /// The value is deleted.
    case remove

    /// The partial mask that keeps the last four characters.
    public static let maskLast4 = RedactionStyle.mask(keep: 4)
}
