/// A detector's allowlist, looked up by the value's bytes without building a `String`.
///
/// The rule is `Set<String>.contains(String(decoding: value, as: UTF8.self))`, and that stays the
/// answer: Swift compares strings by canonical equivalence, so a value can equal an entry without
/// having its bytes (`"\u{212A}EY" == "KEY"`). Bytes decide alone only where they cannot differ from
/// that rule: every entry is ASCII and so is the value, or the bytes are equal. Anything else (rare on
/// the scan path: non-ASCII in a secret or a card number) takes the `String` lookup.
///
/// On the scan path the `String` was the cost: an allocation for values over 15 bytes (AWS keys are 20
/// and 40) and a SipHash of it, for every candidate of a detector with an allowlist.
struct ByteAllowlist: Sendable {
    /// The entries as given.
    let strings: Set<String>
    /// The entries' UTF-8, ordered by length, then bytes.
    private let entries: [[UInt8]]
    /// Whether every entry is ASCII.
    private let asciiOnly: Bool

    init(_ strings: Set<String>) {
        self.strings = strings
        entries = strings.map { Array($0.utf8) }.sorted(by: Self.precedes)
        asciiOnly = entries.allSatisfy { $0.allSatisfy { $0 < 0x80 } }
    }

    /// Whether `value`, read as UTF-8, is an entry (the `Set<String>` rule above).
    func contains(_ value: UnsafeRawBufferPointer) -> Bool {
        guard !entries.isEmpty else { return false }
        if containsBytes(value) { return true }
        if asciiOnly && Self.isASCII(value) { return false }
        return strings.contains(String(decoding: value, as: UTF8.self))
    }

    /// Binary search for an entry with exactly these bytes.
    private func containsBytes(_ value: UnsafeRawBufferPointer) -> Bool {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            switch Self.compare(entries[middle], value) {
            case 0: return true
            case ..<0: low = middle + 1
            default: high = middle
            }
        }
        return false
    }

    /// The order of `entries`: shorter first, then `memcmp`.
    private static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { compare(a, $0) < 0 }
    }

    /// Negative, zero or positive as `entry` sorts before, with or after `value`.
    private static func compare(_ entry: [UInt8], _ value: UnsafeRawBufferPointer) -> Int {
        if entry.count != value.count { return entry.count < value.count ? -1 : 1 }
        return entry.withUnsafeBytes { entry in
            for i in 0..<entry.count where entry[i] != value[i] { return entry[i] < value[i] ? -1 : 1 }
            return 0
        }
    }

    /// Whether every byte is below 0x80, eight at a time.
    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count {
            high |= UInt64(bytes[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }
}
