import Crypto
import Foundation

/// Seals and opens archived payloads with AES-256-GCM.
///
/// Each payload is sealed with a fresh random 96-bit nonce, and the additional authenticated data binds the
/// ciphertext to its row (workspace, request id, which part), so a ciphertext copied to another row does not
/// open. Every row also stores the key's id (a SHA-256 fingerprint, not the key), so reading with a different
/// key is reported as such instead of as a corrupt record. The value is immutable and `Sendable`.
///
/// ```swift
/// let archive = try PayloadArchive.load(configuration.payloadArchive, environment: environment)
/// let sealed = try archive?.seal(request: body, response: answer, requestID: id, workspaceID: ws, time: now)
/// ```
public struct PayloadArchive: Sendable {
    /// Which half of an exchange a ciphertext holds; part of the authenticated data.
    enum Part: String { case request, response }

    private let box: KeyBox
    var key: SymmetricKey { box.key }
    /// The key's fingerprint: the first 8 bytes of SHA-256 over a label and the key, in hex.
    public let keyID: String

    /// Creates an archive with a 256-bit key.
    public init(key: SymmetricKey) throws(GatewayError) {
        guard key.bitCount == 256 else {
            throw GatewayError(.invalidConfiguration, "the payload archive key must be 32 bytes (AES-256), got \(key.bitCount / 8)")
        }
        box = KeyBox(key: key)
        keyID = key.withUnsafeBytes { bytes in
            var hasher = SHA256()
            hasher.update(data: Array("workjet-archive-key-id-v1".utf8))
            hasher.update(bufferPointer: bytes)
            return Hex.encode(hasher.finalize().prefix(8))
        }
    }

    /// Seals one exchange for ``AuditLog/append(_:payload:)``.
    public func seal(
        request: [UInt8], response: [UInt8]?, requestID: String, workspaceID: String, time: Int64
    ) throws(GatewayError) -> SealedPayload {
        var sealedResponse: Data?
        if let response { sealedResponse = try seal(response, .response, requestID: requestID, workspaceID: workspaceID) }
        return SealedPayload(
            requestID: requestID, workspaceID: workspaceID, time: time, keyID: keyID,
            request: try seal(request, .request, requestID: requestID, workspaceID: workspaceID), response: sealedResponse)
    }

    /// Opens a stored row; throws `archive_unreadable` naming the cause (other key, or altered data).
    public func open(_ sealed: SealedPayload) throws(GatewayError) -> OpenedPayload {
        guard sealed.keyID == keyID else {
            throw GatewayError(
                .archiveUnreadable,
                "the payload was archived under another key (key id \(sealed.keyID)); the configured key has id \(keyID)")
        }
        var response: [UInt8]?
        if let data = sealed.response { response = try open(data, .response, sealed) }
        return OpenedPayload(
            requestID: sealed.requestID, workspaceID: sealed.workspaceID, time: sealed.time,
            request: try open(sealed.request, .request, sealed), response: response)
    }

    private func seal(_ plaintext: [UInt8], _ part: Part, requestID: String, workspaceID: String) throws(GatewayError) -> Data {
        do {
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: Self.aad(part, requestID, workspaceID))
            guard let combined = box.combined else { throw GatewayError(.internalError, "AES-GCM gave no combined form") }
            return combined
        } catch {
            throw GatewayError(.internalError, "the payload could not be encrypted")
        }
    }

    private func open(_ data: Data, _ part: Part, _ sealed: SealedPayload) throws(GatewayError) -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return Array(try AES.GCM.open(box, using: key, authenticating: Self.aad(part, sealed.requestID, sealed.workspaceID)))
        } catch {
            throw GatewayError(
                .archiveUnreadable,
                "the archived \(part.rawValue) of \(sealed.requestID) failed authentication: it was altered, or moved from another record")
        }
    }

    static func aad(_ part: Part, _ requestID: String, _ workspaceID: String) -> [UInt8] {
        Array("workjet-payload-v1\u{0}\(workspaceID)\u{0}\(requestID)\u{0}\(part.rawValue)".utf8)
    }
}

/// Holds the key for sharing across tasks. swift-crypto does not mark `SymmetricKey` `Sendable`; it is safe
/// to share here because the box never changes it after `init` and AES-GCM only reads it (the key's bytes
/// live in storage `SymmetricKey` zeroes when freed).
private final class KeyBox: @unchecked Sendable {
    let key: SymmetricKey
    init(key: SymmetricKey) { self.key = key }
}
