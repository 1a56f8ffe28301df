import Crypto
import Foundation

/// Baseline fingerprints: HMAC-SHA256 over the path, archive member, detector id and value, so a baseline
/// file identifies findings without holding them.
///
/// The key comes from `--baseline-key`, else `WORKJET_BASELINE_KEY`, else ``defaultKey``. The default is
/// public: anyone can then test a guessed value against a fingerprint, which matters for short values
/// (an SSN); set a private key for baselines stored where others can read them.
public enum Fingerprint {
    /// The documented default key.
    public static let defaultKey = "workjet-baseline-v1"
    /// The environment variable that sets the key.
    public static let environmentVariable = "WORKJET_BASELINE_KEY"

    /// The key from the option, the environment or the default.
    public static func key(option: String?, environment: [String: String]) -> [UInt8] {
        Array((option ?? environment[environmentVariable] ?? defaultKey).utf8)
    }

    /// The fingerprint of one finding, lower-case hex. The reference for ``Fingerprinter``, which gives the
    /// same result without redoing the key and path hashing for every finding.
    public static func compute(file: String, member: String?, detector: String, value: [UInt8], key: [UInt8]) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(32 + file.utf8.count + (member?.utf8.count ?? 0) + detector.utf8.count + value.count)
        func append(_ field: some Collection<UInt8>) {
            // Length-prefixed so that no two ways of splitting the fields give the same input.
            withUnsafeBytes(of: UInt64(field.count).bigEndian) { message.append(contentsOf: $0) }
            message += field
        }
        append(file.utf8)
        append((member ?? "").utf8)
        append(detector.utf8)
        append(value)
        return hex(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func hex(_ mac: HashedAuthenticationCode<SHA256>) -> String {
        String(unsafeUninitializedCapacity: 2 * SHA256.byteCount) { out in
            let digits: StaticString = "0123456789abcdef"
            var index = 0
            mac.withUnsafeBytes { bytes in
                for byte in bytes {
                    out[index] = digits.utf8Start[Int(byte >> 4)]
                    out[index + 1] = digits.utf8Start[Int(byte & 15)]
                    index += 2
                }
            }
            return index
        }
    }
}

/// Computes ``Fingerprint`` values for many findings: the HMAC key schedule is hashed once per key and the
/// length-prefixed path and member once per file (``file(_:member:)``), so a finding costs only the hashing
/// of its detector id and value, a few hundred nanoseconds instead of microseconds.
///
/// ```swift
/// let perFile = Fingerprinter(key: Array("k".utf8)).file("a.txt", member: nil)
/// perFile.compute(detector: "us_ssn", value: ssnBytes) == Fingerprint.compute(file: "a.txt", member: nil, detector: "us_ssn", value: ssnBytes, key: Array("k".utf8))
/// ```
public struct Fingerprinter: Sendable {
    private let keyed: HMACState

    /// Hashes `key` into the HMAC state.
    public init(key: [UInt8]) {
        keyed = HMACState(HMAC<SHA256>(key: SymmetricKey(data: key)))
    }

    /// The state for findings in `file` (and archive `member`).
    public func file(_ file: String, member: String?) -> FileFingerprinter {
        var state = keyed.hmac
        Self.absorb(file.utf8, into: &state)
        Self.absorb((member ?? "").utf8, into: &state)
        return FileFingerprinter(prefixed: HMACState(state))
    }

    static func absorb(_ field: String.UTF8View, into state: inout HMAC<SHA256>) {
        withUnsafeBytes(of: UInt64(field.count).bigEndian) { state.update(data: $0) }
        if field.withContiguousStorageIfAvailable({ state.update(data: UnsafeRawBufferPointer($0)) }) == nil {
            state.update(data: Array(field))
        }
    }

    static func absorb(_ bytes: UnsafeRawBufferPointer, into state: inout HMAC<SHA256>) {
        withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { state.update(data: $0) }
        state.update(data: bytes)
    }
}

/// A ``Fingerprinter`` with one file's path and member already hashed.
public struct FileFingerprinter: Sendable {
    fileprivate let prefixed: HMACState

    /// The fingerprint of a finding of `detector` with value `value`, lower-case hex.
    public func compute(detector: String, value: UnsafeRawBufferPointer) -> String {
        var state = prefixed.hmac
        Fingerprinter.absorb(detector.utf8, into: &state)
        Fingerprinter.absorb(value, into: &state)
        return Fingerprint.hex(state.finalize())
    }
}

/// A keyed HMAC state that workers copy and never mutate in place. Why sharing it is safe although
/// `HMAC<SHA256>` is not `Sendable`: its hashers are copy-on-write values whose BoringSSL context is copied
/// before the first update of a copy (the shared original keeps a reference, so a copy is never unique),
/// so concurrent copies only ever read the original's context.
private final class HMACState: @unchecked Sendable {
    let hmac: HMAC<SHA256>

    init(_ hmac: HMAC<SHA256>) {
        self.hmac = hmac
    }
}
