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

    static func hex(_ mac: some ContiguousBytes) -> String {
        mac.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
                guard let target = out.baseAddress else { return 0 }
                // Digits by arithmetic, written through one pointer: 0-9 -> '0'..., 10-15 -> 'a'... (39 apart).
                for (index, byte) in bytes.enumerated() {
                    let high = byte >> 4, low = byte & 15
                    target[2 * index] = high + (high < 10 ? 48 : 87)
                    target[2 * index + 1] = low + (low < 10 ? 48 : 87)
                }
                return 2 * bytes.count
            }
        }
    }
}

/// Computes ``Fingerprint`` values for many findings: HMAC-SHA256 written out over two SHA-256 states, with
/// the key blocks hashed once per key and the length-prefixed path and member once per file
/// (``file(_:member:)``), so a finding costs the hashing of its detector id and value and two finalisations
/// (three SHA-256 blocks for most findings), on value states copied on the stack (``SHA256Stream``).
///
/// ```swift
/// let perFile = Fingerprinter(key: Array("k".utf8)).file("a.txt", member: nil)
/// let print = perFile.compute(detector: "us_ssn", value: ssnBytes)   // == Fingerprint.compute(...)
/// ```
public struct Fingerprinter: Sendable {
    private let inner: SHA256Stream
    private let outer: SHA256Stream

    /// Hashes the HMAC key blocks (RFC 2104: a key longer than a block is hashed first, a shorter one is
    /// padded with zeros).
    public init(key: [UInt8]) {
        self.init(key: key, hardware: SHA256Stream.hasHardware)
    }

    /// ``init(key:)`` choosing the SHA-256 variant (the tests run both).
    init(key: [UInt8], hardware: Bool) {
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: SHA256.blockByteCount - block.count)
        var inner = SHA256Stream(hardware: hardware)
        var outer = SHA256Stream(hardware: hardware)
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update($0) }
        block.map { $0 ^ 0x5c }.withUnsafeBytes { outer.update($0) }
        self.inner = inner
        self.outer = outer
    }

    /// The state for findings in `file` (and archive `member`).
    public func file(_ file: String, member: String?) -> FileFingerprinter {
        var inner = inner
        inner.update(field: file)
        inner.update(field: member ?? "")
        return FileFingerprinter(inner: inner, outer: outer)
    }
}

/// A ``Fingerprinter`` with one file's path and member already hashed.
public struct FileFingerprinter: Sendable {
    fileprivate let inner: SHA256Stream
    fileprivate let outer: SHA256Stream

    /// The fingerprint of a finding of `detector` with value `value`, lower-case hex.
    public func compute(detector: String, value: UnsafeRawBufferPointer) -> String {
        fingerprint(detector: detector, value: value).string
    }

    /// ``compute(detector:value:)`` as raw bytes, for findings (which write the hex out only when printed).
    public func fingerprint(detector: String, value: UnsafeRawBufferPointer) -> FindingFingerprint {
        var inner = inner
        inner.update(field: detector)
        inner.update(field: value)
        var outer = outer
        withUnsafeBytes(of: inner.finalized()) { outer.update($0) }
        return withUnsafeBytes(of: outer.finalized()) { FindingFingerprint(bytes: $0) }
    }
}
