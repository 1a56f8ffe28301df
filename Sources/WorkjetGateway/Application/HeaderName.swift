import Hummingbird

/// Header names the gateway sets or reads (HTTPTypes' `HTTPField.Name`, reached through `HTTPFields`).
enum HeaderName {
    typealias Name = HTTPFields.Element.Name
    /// The DLP summary on every AI response.
    static let dlp = Name(DLPSummary.headerName)!
    /// The request id on every response.
    static let requestID = Name("X-Request-ID")!
    /// Anthropic SDKs send their key here.
    static let apiKey = Name("x-api-key")!

    static func make(_ name: String) -> Name? { Name(name) }
}
