/// The audit chain's canonical encoding: each field as `<utf-8 length>:<bytes>;`, an absent one as `-;`,
/// numbers as their decimal text. See ``AuditChain/canonical(_:seq:)``.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func add(_ value: String?) {
        guard var value else { absent(); return }
        value.withUTF8 { utf8 in
            Self.decimal(UInt64(utf8.count), into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: ";"))
    }

    mutating func add(_ value: Int64?) {
        guard let value else { absent(); return }
        let length = Self.digitCount(value.magnitude) + (value < 0 ? 1 : 0)
        Self.decimal(UInt64(length), into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        Self.decimal(value.magnitude, into: &bytes)
        bytes.append(UInt8(ascii: ";"))
    }

    mutating func add(_ value: Int?) { add(value.map { Int64($0) }) }

    private mutating func absent() {
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(ascii: ";"))
    }

    static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 { count += 1; rest /= 10 }
        return count
    }

    /// The decimal digits of `value`, as `String(value)` writes them.
    static func decimal(_ value: UInt64, into out: inout [UInt8]) {
        let count = digitCount(value)
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var rest = value
        var i = start + count - 1
        while rest > 0 {
            out[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            i -= 1
        }
    }
}
