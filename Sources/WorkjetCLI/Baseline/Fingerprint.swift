import Crypto

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

    /// The fingerprint of one finding, lower-case hex.
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
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        let hexDigits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in mac {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
