import Crypto
import Foundation

extension PayloadArchive {
    /// The archive the configuration asks for: `nil` when archival is off; throws `invalid_configuration`
    /// naming the problem when the key is missing, unreadable or not 32 bytes, so the gateway does not start.
    public static func load(
        _ configuration: PayloadArchiveConfiguration, environment: [String: String]
    ) throws(GatewayError) -> PayloadArchive? {
        guard configuration.enabled else { return nil }
        try configuration.validate()
        if let name = configuration.keyEnvironment {
            guard let text = environment[name], !text.isEmpty else {
                throw GatewayError(.invalidConfiguration, "payload_archive.key_env names \(name), which is not set")
            }
            return try PayloadArchive(key: key(fromText: text, source: "the environment variable \(name)"))
        }
        let path = configuration.keyFile ?? ""
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GatewayError(.invalidConfiguration, "cannot read the payload archive key file \(path)")
        }
        if data.count == 32 { return try PayloadArchive(key: SymmetricKey(data: data)) }
        return try PayloadArchive(key: key(fromText: String(decoding: data, as: UTF8.self), source: "the key file \(path)"))
    }

    /// 32 bytes from base64 or hex text; the error says what was wrong, never the text itself.
    static func key(fromText raw: String, source: String) throws(GatewayError) -> SymmetricKey {
        let text = raw.trimmingWhitespace()
        let bytes: [UInt8]
        // Hex first, except at 44 characters, the length of 32 bytes in base64.
        if text.count != 44, let hex = Hex.decode(text) {
            bytes = hex
        } else if let base64 = Data(base64Encoded: text) {
            bytes = Array(base64)
        } else {
            throw GatewayError(
                .invalidConfiguration, "the payload archive key in \(source) is neither base64 nor hex (generate one with: openssl rand -base64 32)")
        }
        guard bytes.count == 32 else {
            throw GatewayError(
                .invalidConfiguration, "the payload archive key in \(source) must be 32 bytes (AES-256), got \(bytes.count)")
        }
        return SymmetricKey(data: bytes)
    }
}
