/// The document under construction: bytes and the ground truth planted so far.
///
/// Everything appends to one `[UInt8]` reserved up front; no `String` is built on the hot path, so a
/// 64 MB document costs a few array appends per block rather than repeated string copies.
struct DocumentWriter {
    var bytes: [UInt8] = []
    var planted: [PlantedEntity] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity + 4096)
    }

    var count: Int { bytes.count }

    @inline(__always)
    mutating func add(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func add(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    @inline(__always)
    mutating func add(byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends `value` and records it as a planted entity of `type`.
    mutating func plant(_ type: EntityName, _ value: [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: value)
        planted.append(PlantedEntity(type: type.rawValue, start: start, end: bytes.count))
    }

    /// Appends `value` escaped for a JSON string (only `\n`, `"` and `\` occur in generated values)
    /// and records the escaped bytes as the entity, since that is what a scanner of the JSON sees.
    mutating func plantJSONEscaped(_ type: EntityName, _ value: [UInt8]) {
        let start = bytes.count
        addJSONEscaped(value)
        planted.append(PlantedEntity(type: type.rawValue, start: start, end: bytes.count))
    }

    mutating func addJSONEscaped(_ value: [UInt8]) {
        for b in value {
            switch b {
            case 10: bytes.append(92); bytes.append(110)
            case 34, 92: bytes.append(92); bytes.append(b)
            default: bytes.append(b)
            }
        }
    }

    /// Appends a decimal number, zero-padded to `width` digits.
    mutating func add(number: Int, width: Int = 1) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = number < 0 ? -number : number
        if number < 0 { bytes.append(45) }
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            } while n > 0 && count < 20
            while count < width && count < 20 {
                buffer[count] = 48
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    /// Appends `count` characters drawn uniformly from `alphabet`.
    @inline(__always)
    mutating func add(random count: Int, from alphabet: [UInt8], rng: inout Xoshiro256) {
        for _ in 0..<count { bytes.append(alphabet[rng.below(alphabet.count)]) }
    }
}
