/// Optional archival of full payloads (after DLP), encrypted at rest with AES-256-GCM. Off by default.
///
/// The key is 32 bytes, given as base64 (44 characters) or hex (64 characters) in an environment
/// variable, or in a file holding that text or the 32 raw bytes. Exactly one source must be named.
///
/// ```yaml
/// payload_archive:
///   enabled: true
///   key_env: WORKJET_ARCHIVE_KEY        # or: key_file: /etc/workjet/archive.key
/// ```
///
/// Generate a key with `openssl rand -base64 32`. Losing the key makes the archive unreadable;
/// the gateway refuses to start when archival is on and the key is missing or malformed.
public struct PayloadArchiveConfiguration: Sendable, Hashable, Codable {
    /// Whether payloads are archived. Default `false`.
    public var enabled: Bool = false
    /// Name of the environment variable holding the key.
    public var keyEnvironment: String?
    /// Path of a file holding the key.
    public var keyFile: String?

    /// Archival off.
    public init() {}

    /// Archival on with the key from an environment variable or a file.
    public init(enabled: Bool, keyEnvironment: String? = nil, keyFile: String? = nil) {
        self.enabled = enabled
        self.keyEnvironment = keyEnvironment
        self.keyFile = keyFile
    }

    enum CodingKeys: String, CodingKey {
        case enabled
        case keyEnvironment = "key_env"
        case keyFile = "key_file"
    }

    /// Decodes with every key optional.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
        keyEnvironment = try c.decodeIfPresent(String.self, forKey: .keyEnvironment)
        keyFile = try c.decodeIfPresent(String.self, forKey: .keyFile)
    }

    /// Checks that an enabled archive names exactly one key source.
    public func validate() throws(GatewayError) {
        guard enabled else { return }
        guard (keyEnvironment == nil) != (keyFile == nil) else {
            throw GatewayError(
                .invalidConfiguration, "payload_archive needs exactly one of key_env and key_file when enabled")
        }
    }
}
