import Foundation
import GRDB

/// One audit record: an AI interaction or an admin action. Holds counts and types, never values.
public struct AuditRecord: Sendable, Hashable, Codable, FetchableRecord {
    /// Position in the chain (1, 2, …); assigned when committed.
    public var seq: Int64?
    /// Time, milliseconds since 1970.
    public var time: Int64
    /// The request id (also in the gateway log).
    public var requestID: String
    /// The workspace, if the caller was authenticated.
    public var workspaceID: String?
    /// The member or, for CLI actions, the operator.
    public var user: String?
    /// The API key id (never the key).
    public var keyID: String?
    /// What happened: `chat.completions`, `messages`, `admin.key.create`, `auth.failed` …
    public var action: String
    /// The model the client asked for.
    public var modelRequested: String?
    /// The model the upstream reported serving.
    public var modelServed: String?
    /// The provider name.
    public var provider: String?
    /// The HTTP status answered (499 when the client went away).
    public var status: Int
    /// Input tokens reported by the upstream.
    public var inputTokens: Int?
    /// Output tokens reported by the upstream.
    public var outputTokens: Int?
    /// Cost as a decimal string in USD; filled by metering (a later issue).
    public var cost: String?
    /// The strongest DLP action.
    public var dlpAction: String?
    /// DLP findings per entity type, as JSON (`{"CREDIT_CARD":1}`).
    public var dlpTypes: String?
    /// Client IP address.
    public var clientIP: String?
    /// Client user agent.
    public var userAgent: String?
    /// Time from request to response, microseconds.
    public var latencyMicroseconds: Int64?
    /// Extra facts as JSON (admin actions: what changed, never a secret).
    public var detail: String?
    /// The previous record's hash (`"0"×64` for the first).
    public var prevHash: String
    /// SHA-256 over this record's canonical content and ``prevHash``.
    public var hash: String

    /// Creates a record to append (chain fields are filled by the log).
    public init(
        requestID: String, action: String, status: Int, workspaceID: String? = nil, user: String? = nil,
        keyID: String? = nil, time: Int64 = WallClock.nowMillis()
    ) {
        self.time = time
        self.requestID = requestID
        self.action = action
        self.status = status
        self.workspaceID = workspaceID
        self.user = user
        self.keyID = keyID
        self.prevHash = ""
        self.hash = ""
    }

    enum CodingKeys: String, CodingKey {
        case seq, time, user, action, provider, status, cost, detail, hash
        case requestID = "request_id"
        case workspaceID = "workspace_id"
        case keyID = "key_id"
        case modelRequested = "model_requested"
        case modelServed = "model_served"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case dlpAction = "dlp_action"
        case dlpTypes = "dlp_types"
        case clientIP = "client_ip"
        case userAgent = "user_agent"
        case latencyMicroseconds = "latency_us"
        case prevHash = "prev_hash"
    }
}
