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
/// (``file(_:member:)``), so a finding costs the hashing of its detector id and value and two finalisations,
/// a fraction of a microsecond instead of microseconds.
///
/// ```swift
/// let perFile = Fingerprinter(key: Array("k".utf8)).file("a.txt", member: nil)
/// let print = perFile.compute(detector: "us_ssn", value: ssnBytes)   // == Fingerprint.compute(...)
/// ```
public struct Fingerprinter: Sendable {
    private let keyed: HashStates

    /// Hashes the HMAC key blocks (RFC 2104: a key longer than a block is hashed first, a shorter one is
    /// padded with zeros).
    public init(key: [UInt8]) {
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: SHA256.blockByteCount - block.count)
        var inner = SHA256()
        var outer = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5c })
        keyed = HashStates(inner: inner, outer: outer)
    }

    /// The state for findings in `file` (and archive `member`).
    public func file(_ file: String, member: String?) -> FileFingerprinter {
        var inner = keyed.inner
        var path = file, part = member ?? ""
        // Written on the stack as the per-finding fields are: an array filled field by field through a generic
        // append was half of this function's cost, which every scanned file pays.
        path.withUTF8 { path in
            part.withUTF8 { part in
                withUnsafeTemporaryAllocation(byteCount: 16 + path.count + part.count, alignment: 8) { message in
                    message.storeBytes(of: UInt64(path.count).bigEndian, toByteOffset: 0, as: UInt64.self)
                    UnsafeMutableRawBufferPointer(rebasing: message[8..<(8 + path.count)]).copyMemory(from: UnsafeRawBufferPointer(path))
                    message.storeBytes(of: UInt64(part.count).bigEndian, toByteOffset: 8 + path.count, as: UInt64.self)
                    UnsafeMutableRawBufferPointer(rebasing: message[(16 + path.count)...]).copyMemory(from: UnsafeRawBufferPointer(part))
                    inner.update(bufferPointer: UnsafeRawBufferPointer(message))
                }
            }
        }
        return FileFingerprinter(states: HashStates(inner: inner, outer: keyed.outer))
    }
}

/// A ``Fingerprinter`` with one file's path and member already hashed.
public struct FileFingerprinter: Sendable {
    fileprivate let states: HashStates

    /// The fingerprint of a finding of `detector` with value `value`, lower-case hex.
    public func compute(detector: String, value: UnsafeRawBufferPointer) -> String {
        fingerprint(detector: detector, value: value).string
    }

    /// ``compute(detector:value:)`` as raw bytes, for findings (which write the hex out only when printed).
    public func fingerprint(detector: String, value: UnsafeRawBufferPointer) -> FindingFingerprint {
        var inner = states.inner
        let detectorBytes = detector.utf8
        let count = 16 + detectorBytes.count + value.count
        withUnsafeTemporaryAllocation(byteCount: count, alignment: 8) { message in
            message.storeBytes(of: UInt64(detectorBytes.count).bigEndian, toByteOffset: 0, as: UInt64.self)
            var offset = 8
            for byte in detectorBytes {
                message[offset] = byte
                offset += 1
            }
            message.storeBytes(of: UInt64(value.count).bigEndian, toByteOffset: offset, as: UInt64.self)
            offset += 8
            if !value.isEmpty { UnsafeMutableRawBufferPointer(rebasing: message[offset...]).copyMemory(from: value) }
            inner.update(bufferPointer: UnsafeRawBufferPointer(message))
        }
        var outer = states.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { FindingFingerprint(bytes: $0) }
    }
}

/// The inner and outer SHA-256 states of a keyed HMAC, which workers copy and never mutate in place. Why
/// sharing them is safe although `SHA256` is not `Sendable`: it is a copy-on-write value whose BoringSSL
/// context is copied before the first update of a copy (the shared original keeps a reference, so a copy
/// is never unique), so concurrent copies only ever read the original's context.
private final class HashStates: @unchecked Sendable {
    let inner: SHA256
    let outer: SHA256

    init(inner: SHA256, outer: SHA256) {
        self.inner = inner
        self.outer = outer
    }
}
