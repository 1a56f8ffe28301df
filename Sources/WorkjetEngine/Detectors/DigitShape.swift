/// What a run of digits must look like for a digit pattern to match in it.
///
/// Hyperscan has no literal to skip to in a pattern made of digits, so on digit-heavy text (logs,
/// CSV) its automata run on every byte. A pattern with a digit shape is therefore not compiled into
/// Hyperscan: the engine's digit-run scanner finds runs of digits (consecutive digits separated by at
/// most three bytes of ` .-()`), keeps the runs whose digit groups fit the shape, and PCRE2 confirms
/// the pattern's ``DetectorPattern/regex`` around each kept run, as it does for Hyperscan's candidates.
///
/// Contract: the shape is a necessary condition. Every match of the regex starts at a group's first
/// digit (or the `+` or `(` just before it), ends at a group's last digit (an extension such as
/// `x204` may follow), has its digits inside one run, and fits the shape. The differential tests
/// (engine versus a whole-input PCRE2 scan, and random digit soup) check it for the built-ins.
///
/// A *group* is a maximal sequence of consecutive digits; the bytes between two groups of a run are
/// their separator.
public enum DigitShape: Hashable, Sendable {
    /// One group whose length is in the range (`4111111111111111` for cards: `12...19`). When PCRE2 proves
    /// that the regex's matches start with a digit and the value is the whole match, a match is exactly
    /// one group, and the engine proposes a run only if the detector accepts one of its groups.
    case group(ClosedRange<Int>)
    /// Consecutive groups with these lengths, each separated from the next by exactly one byte of
    /// `separators`; with `leadingZero`, the first group's first digit is 0. A match may go on past the
    /// listed groups; `minimumDigits` (default: the sum of the lengths' lower bounds) is the fewest digits
    /// of a whole match.
    case groups([ClosedRange<Int>], separators: String, leadingZero: Bool = false, minimumDigits: Int? = nil)
    /// A North American number: ten digits, or eleven starting with 1, in consecutive groups that
    /// split only after the country code, the area code and the exchange, separated by at most two bytes;
    /// the area code and the exchange start with 2-9; the number (or the `+` or `(` before it) does not
    /// follow a letter, a digit, `_`, `.`, `-`, `/`, or a digit and a space.
    case northAmerican
    /// An international number: the run follows a `+` and has at least this many digits.
    case international(minimumDigits: Int)

    /// The fewest digits a run needs to fit the shape.
    var minimumDigits: Int {
        switch self {
        case .group(let lengths): lengths.lowerBound
        case .groups(let lengths, _, _, let minimum): minimum ?? lengths.reduce(0) { $0 + $1.lowerBound }
        case .northAmerican: 10
        case .international(let minimum): minimum
        }
    }
}

/// A ``DigitShape`` compiled into plain values, checked against each digit run without allocating or
/// reference counting.
struct DigitGate: Sendable {
    enum Kind: UInt8, Sendable {
        case group, groups, northAmerican, international
    }

    /// The most groups a `.groups` shape may list.
    static let maxGroups = 8

    let kind: Kind
    let groupCount: Int
    let low: SIMD8<UInt8>
    let high: SIMD8<UInt8>
    /// Bit `b` set: byte `b` (below 64) may separate two groups.
    let separators: UInt64
    let leadingZero: Bool
    let minimumDigits: Int

    init(_ shape: DigitShape) {
        var low = SIMD8<UInt8>(repeating: 0), high = SIMD8<UInt8>(repeating: 0)
        var separators: UInt64 = 0
        var leadingZero = false
        switch shape {
        case .group(let lengths):
            kind = .group
            groupCount = 1
            low[0] = UInt8(clamping: lengths.lowerBound)
            high[0] = UInt8(clamping: lengths.upperBound)
        case .groups(let lengths, let separatorBytes, let zero, _):
            kind = .groups
            groupCount = min(lengths.count, Self.maxGroups)
            for (k, range) in lengths.prefix(Self.maxGroups).enumerated() {
                low[k] = UInt8(clamping: range.lowerBound)
                high[k] = UInt8(clamping: range.upperBound)
            }
            for b in separatorBytes.utf8 where b < 64 { separators |= 1 << UInt64(b) }
            leadingZero = zero
        case .northAmerican:
            kind = .northAmerican
            groupCount = 0
        case .international:
            kind = .international
            groupCount = 0
        }
        self.low = low
        self.high = high
        self.separators = separators
        self.leadingZero = leadingZero
        minimumDigits = shape.minimumDigits
    }

    /// Whether one group of this many digits fits a ``DigitShape/group(_:)`` shape.
    @inline(__always)
    func fitsGroup(_ length: Int) -> Bool { length >= Int(low[0]) && length <= Int(high[0]) }

    /// Whether the groups from `g` on (at least `groupCount` of them) fit a ``DigitShape/groups(_:separators:leadingZero:minimumDigits:)``
    /// shape: the listed lengths, one separator byte of the set between two, a leading zero if asked.
    @inline(__always)
    func fitsGroups(_ groups: DigitGroups, from g: Int) -> Bool {
        if leadingZero && groups.firstDigit(g) != 0 { return false }
        for k in 0..<groupCount {
            let length = groups.length(g + k)
            guard length >= Int(low[k]) && length <= Int(high[k]) else { return false }
            if k > 0 {
                guard groups.separatorLength(before: g + k) == 1 else { return false }
                let separator = groups.byte(before: g + k)
                guard separator < 64 && separators & (1 << UInt64(separator)) != 0 else { return false }
            }
        }
        return true
    }

    /// Whether a run with these groups (and a `+` before it or not) fits the shape. A run with more
    /// groups than the scratch holds fits every shape: the gate may only let too much through.
    @inline(__always)
    func admits(_ groups: DigitGroups, plus: Bool) -> Bool {
        if groups.overflow { return true }
        guard groups.digitCount >= minimumDigits else { return false }
        let count = groups.count
        switch kind {
        case .group:
            for g in 0..<count where fitsGroup(groups.length(g)) { return true }
            return false
        case .groups:
            guard count >= groupCount else { return false }
            for g in 0...(count - groupCount) where fitsGroups(groups, from: g) { return true }
            return false
        case .northAmerican:
            for g in 0..<count where groups.mayOpenNorthAmerican(g) {
                // An area code starts with 2-9, so a number starting with 1 has the country code.
                let eleven = groups.firstDigit(g) == 1
                var total = 0
                var k = g
                while k < count {
                    if k > g {
                        // A split falls only after the country code, the area code or the exchange.
                        let allowed = eleven ? (total == 1 || total == 4 || total == 7) : (total == 3 || total == 6)
                        guard allowed && groups.separatorLength(before: k) <= 2 else { break }
                    }
                    total += groups.length(k)
                    if total == (eleven ? 11 : 10) {
                        // The area code and the exchange start with 2-9.
                        let area = eleven ? 1 : 0
                        if groups.digit(area, from: g) >= 2 && groups.digit(area + 3, from: g) >= 2 { return true }
                        break
                    }
                    if total > 11 { break }
                    k += 1
                }
            }
            return false
        case .international:
            return plus && groups.digitCount >= minimumDigits
        }
    }
}

/// The digit groups of one run, read from the scanned bytes into a fixed buffer.
struct DigitGroups {
    static let capacity = 64
    private let starts: UnsafeMutablePointer<Int>
    private let lengths: UnsafeMutablePointer<Int>
    private(set) var count = 0
    private(set) var digitCount = 0
    /// More groups than ``capacity``: the run is not described.
    private(set) var overflow = false
    private var bytes = UnsafeRawBufferPointer(start: nil, count: 0)

    init(starts: UnsafeMutablePointer<Int>, lengths: UnsafeMutablePointer<Int>) {
        self.starts = starts
        self.lengths = lengths
    }

    /// Reads the groups of `subject[run]`.
    mutating func read(_ subject: UnsafeRawBufferPointer, run: Range<Int>) {
        bytes = subject
        count = 0
        digitCount = 0
        overflow = false
        var i = run.lowerBound
        while i < run.upperBound {
            guard ASCII.isDigit(subject[i]) else {
                i += 1
                continue
            }
            let start = i
            while i < run.upperBound && ASCII.isDigit(subject[i]) { i += 1 }
            digitCount += i - start
            guard count < Self.capacity else {
                overflow = true
                continue
            }
            starts[count] = start
            lengths[count] = i - start
            count += 1
        }
    }

    @inline(__always) func length(_ g: Int) -> Int { lengths[g] }
    /// Where group `g` starts in the buffer read.
    @inline(__always) func start(_ g: Int) -> Int { starts[g] }
    @inline(__always) func firstDigit(_ g: Int) -> UInt8 { bytes[starts[g]] &- 48 }
    /// Bytes between group `g - 1` and group `g`.
    @inline(__always) func separatorLength(before g: Int) -> Int { starts[g] - (starts[g - 1] + lengths[g - 1]) }
    /// The byte just before group `g`.
    @inline(__always) func byte(before g: Int) -> UInt8 { bytes[starts[g] - 1] }

    /// The value of the `n`th digit counted from the first digit of group `g` (`n` within the run's digits).
    func digit(_ n: Int, from g: Int) -> UInt8 {
        var n = n, k = g
        while n >= lengths[k] {
            n -= lengths[k]
            k += 1
        }
        return bytes[starts[k] + n] &- 48
    }

    /// Whether a North American number may start at group `g`, judged on the bytes before it: the
    /// number's first digit (or the `+` or `(` before it) follows neither a letter, digit, `_`, `.`, `-`
    /// or `/`, nor a digit and one of ` .-`. When the byte before is not in this buffer (a stream's
    /// kept bytes), it may.
    @inline(__always)
    func mayOpenNorthAmerican(_ g: Int) -> Bool {
        let start = starts[g]
        guard start > 0 else { return true }
        let before = bytes[start - 1]
        if before == UInt8(ascii: "(") || before == UInt8(ascii: "+") { return true }
        if ASCII.isAlnum(before) || before == UInt8(ascii: "_") || before == UInt8(ascii: ".")
            || before == UInt8(ascii: "-") || before == UInt8(ascii: "/")
        {
            return false
        }
        if before == UInt8(ascii: " "), start > 1, ASCII.isDigit(bytes[start - 2]) { return false }
        return true
    }
}
