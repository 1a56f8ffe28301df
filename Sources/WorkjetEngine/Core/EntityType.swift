/// The kind of sensitive data a finding reports.
///
/// Entity types are the engine's public contract: the CLI, the gateway and audit records report these names.
/// Custom detectors may introduce their own types (`EntityType("EMPLOYEE_ID")`).
public struct EntityType: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral, Codable
{
    /// The upper-case name, for example `CREDIT_CARD`.
    public let rawValue: String

    /// Creates an entity type from its name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates an entity type from its name.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Creates an entity type from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Payment card numbers (Luhn-valid, known brand prefix and length).
    public static let creditCard: EntityType = "CREDIT_CARD"
    /// US Social Security numbers.
    public static let usSSN: EntityType = "US_SSN"
    /// Email addresses.
    public static let emailAddress: EntityType = "EMAIL_ADDRESS"
    /// Telephone numbers (North American and international).
    public static let phoneNumber: EntityType = "PHONE_NUMBER"
    /// AWS access key ids (`AKIA…`, `ASIA…`).
    public static let awsAccessKeyID: EntityType = "AWS_ACCESS_KEY_ID"
    /// AWS secret access keys.
    public static let awsSecretAccessKey: EntityType = "AWS_SECRET_ACCESS_KEY"
    /// Provider API tokens, private keys and generic credential assignments.
    public static let apiSecret: EntityType = "API_SECRET"

    /// The entity types of the built-in detectors.
    public static let builtins: [EntityType] = [
        .creditCard, .usSSN, .emailAddress, .phoneNumber, .awsAccessKeyID, .awsSecretAccessKey, .apiSecret,
    ]
}
