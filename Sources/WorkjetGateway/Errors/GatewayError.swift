/// An error the gateway reports: a stable code and a message a user can act on.
///
/// The message never contains a secret or a scanned value. The HTTP status for each code is decided in
/// one place, ``GatewayError/Code/httpStatus``.
public struct GatewayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text, for example `invalid_api_key`.
        public let rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// The body is not valid JSON or does not follow the API's schema.
        public static let invalidRequest = Code(rawValue: "invalid_request")
        /// The body exceeds the configured limit.
        public static let bodyTooLarge = Code(rawValue: "request_too_large")
        /// No configured model has this name.
        public static let modelNotFound = Code(rawValue: "model_not_found")
        /// A named resource (workspace, member, key) does not exist or belongs to another workspace.
        public static let notFound = Code(rawValue: "not_found")
        /// No API key was sent.
        public static let missingAPIKey = Code(rawValue: "missing_api_key")
        /// The key is unknown, revoked or expired.
        public static let invalidAPIKey = Code(rawValue: "invalid_api_key")
        /// The key's role does not allow this.
        public static let forbidden = Code(rawValue: "permission_denied")
        /// The DLP policy blocked the request.
        public static let dlpBlocked = Code(rawValue: "dlp_blocked")
        /// The DLP policy blocked the provider's response.
        public static let dlpOutputBlocked = Code(rawValue: "dlp_output_blocked")
        /// The DLP engine failed; the request was blocked (fail closed).
        public static let dlpFailed = Code(rawValue: "dlp_unavailable")
        /// A custom rule or policy does not compile or is inconsistent.
        public static let invalidPolicy = Code(rawValue: "invalid_policy")
        /// A name that must be unique is taken.
        public static let conflict = Code(rawValue: "conflict")
        /// The upstream did not answer in time.
        public static let upstreamTimeout = Code(rawValue: "upstream_timeout")
        /// The upstream could not be reached or failed.
        public static let upstreamFailure = Code(rawValue: "upstream_error")
        /// The configuration is invalid (reported at start-up, not over HTTP).
        public static let invalidConfiguration = Code(rawValue: "invalid_configuration")
        /// Every deployment of the model is paused by its circuit breaker.
        public static let upstreamUnavailable = Code(rawValue: "upstream_unavailable")
        /// A rate limit (requests or tokens per minute, per key or client IP) is reached.
        public static let rateLimited = Code(rawValue: "rate_limit_exceeded")
        /// A monthly budget cap (workspace, key or user) would be exceeded by this request.
        public static let budgetExceeded = Code(rawValue: "budget_exceeded")
        /// An archived payload cannot be decrypted: another key, or altered data.
        public static let archiveUnreadable = Code(rawValue: "archive_unreadable")
        /// The store failed.
        public static let storage = Code(rawValue: "storage_error")
        /// Anything else; details are logged, not returned.
        public static let internalError = Code(rawValue: "internal_error")

        /// The HTTP status for this code: the single place where errors become statuses.
        public var httpStatus: Int {
            switch self {
            case .invalidRequest, .dlpBlocked, .dlpOutputBlocked, .invalidPolicy: 400
            case .missingAPIKey, .invalidAPIKey: 401
            case .forbidden: 403
            case .modelNotFound, .notFound: 404
            case .conflict: 409
            case .bodyTooLarge: 413
            case .rateLimited, .budgetExceeded: 429
            case .upstreamFailure: 502
            case .dlpFailed, .upstreamUnavailable: 503
            case .upstreamTimeout: 504
            default: 500
            }
        }
    }

    /// The code.
    public var code: Code
    /// What went wrong and what to do, safe to show to the client.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
