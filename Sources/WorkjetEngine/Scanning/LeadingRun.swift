import CHyperscan
import CPCRE2

/// The shape of a candidate expression that opens with a bounded run of one byte class and ends in a
/// fixed-width tail whose first byte is a literal outside that class, such as the e-mail candidate
/// `[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{2}`.
///
/// For such an expression the leftmost start of a candidate match ending at a given end is known
/// from the bytes alone: the run of class bytes before the tail, at most the repeat's maximum long.
/// A cluster with a single candidate end is then confirmed from there instead of from a whole
/// candidate width before the end. PCRE2's JIT spent about 70 instructions on every start position
/// that failed the e-mail regex (a C harness: 3,033 instructions per call for 39 failed positions,
/// 275 for a call with none), and the window was 68 positions for each address.
///
/// Why it stays exact: a match of the regex starts where a candidate match starts (the candidate
/// contract), and a candidate match that starts before this run would have to cross the tail's
/// first byte, which is outside the class; so no match the window would have found starts before
/// this start, and none is cut into from another cluster.
struct LeadingRun: Sendable {
    /// Bit `b`: byte `b` is in the run's class.
    private let members: (UInt64, UInt64, UInt64, UInt64)
    let minimum: Int
    let maximum: Int
    /// The tail's width: the candidate's end minus the end of the run.
    let tailWidth: Int

    /// The shape of `candidate`, or `nil` when it does not have it.
    init?(candidate: String, caseInsensitive: Bool) {
        let text = Array(candidate.utf8)
        guard text.first == UInt8(ascii: "["), text.count > 2, text[1] != UInt8(ascii: "^"), text[1] != UInt8(ascii: "]") else {
            return nil
        }
        // The bracket expression: up to the first `]` that no backslash escapes; no nested classes.
        var i = 1
        while i < text.count && text[i] != UInt8(ascii: "]") {
            if text[i] == UInt8(ascii: "[") { return nil }
            i += text[i] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard i < text.count else { return nil }
        let bracket = text[0...i]
        // `{m,n}` right after it.
        var j = i + 1
        func number() -> Int? {
            var value = 0, digits = 0
            while j < text.count, text[j] &- 48 < 10, digits < 6 {
                value = value * 10 + Int(text[j] - 48)
                digits += 1
                j += 1
            }
            return digits > 0 ? value : nil
        }
        guard j < text.count, text[j] == UInt8(ascii: "{") else { return nil }
        j += 1
        guard let minimum = number(), j < text.count, text[j] == UInt8(ascii: ",") else { return nil }
        j += 1
        guard let maximum = number(), j < text.count, text[j] == UInt8(ascii: "}"), minimum >= 1, maximum >= minimum else {
            return nil
        }
        j += 1
        // The tail: a literal first byte (not a metacharacter, not followed by a quantifier that could
        // make it optional), and a fixed width.
        guard j < text.count else { return nil }
        let first = text[j]
        let metacharacters = Array(#"\^$.|?*+()[]{}"#.utf8)
        guard first < 0x80, first > 0x20, !metacharacters.contains(first) else { return nil }
        let tail = String(decoding: text[j...], as: UTF8.self)
        var flags = UInt32(HS_FLAG_MULTILINE)
        if caseInsensitive { flags |= UInt32(HS_FLAG_CASELESS) }
        guard case .success(let info) = HyperscanDatabase.info(pattern: tail, flags: flags), info.maxWidth == info.minWidth,
            info.minWidth > 0
        else { return nil }
        // The class, byte by byte, as PCRE2 reads it.
        guard let members = Self.classMembers(String(decoding: bracket, as: UTF8.self), caseInsensitive: caseInsensitive) else {
            return nil
        }
        var words: [UInt64] = [0, 0, 0, 0]
        for b in 0..<256 where members[b] { words[b >> 6] |= 1 << UInt64(b & 63) }
        // The tail's first byte, in either case when the match ignores case, must be outside the class.
        let cases = caseInsensitive && (first | 0x20) &- 97 < 26 ? [first | 0x20, first & ~0x20] : [first]
        guard !cases.contains(where: { members[Int($0)] }) else { return nil }
        self.members = (words[0], words[1], words[2], words[3])
        self.minimum = minimum
        self.maximum = maximum
        tailWidth = info.minWidth
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let word: UInt64
        switch byte >> 6 {
        case 0: word = members.0
        case 1: word = members.1
        case 2: word = members.2
        default: word = members.3
        }
        return word & (1 << UInt64(byte & 63)) != 0
    }

    /// Where the leftmost candidate match ending at `end` (relative to `subject`) starts, or `nil` when the
    /// bytes do not tell: the run reaches the start of `subject` (a stream's earlier bytes are gone), or is
    /// shorter than the minimum.
    @inline(__always)
    func leftmostStart(endingAt end: Int, in subject: UnsafeRawBufferPointer) -> Int? {
        let runEnd = end - tailWidth
        guard runEnd > 0, end <= subject.count else { return nil }
        var start = runEnd
        while runEnd - start < maximum {
            guard start > 0 else { return nil }
            guard contains(subject[start - 1]) else { break }
            start -= 1
        }
        return runEnd - start >= minimum ? start : nil
    }

    /// Which bytes the bracket expression `bracket` matches, asked of PCRE2 itself.
    private static func classMembers(_ bracket: String, caseInsensitive: Bool) -> [Bool]? {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let options = UInt32(PCRE2_ANCHORED) | (caseInsensitive ? UInt32(PCRE2_CASELESS) : 0)
        let compiled = bracket.utf8CString.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buffer.count) {
                wj_pcre2_compile($0, buffer.count - 1, options, &errorCode, &errorOffset)
            }
        }
        guard let compiled else { return nil }
        defer { pcre2_code_free_8(compiled) }
        guard let data = pcre2_match_data_create_8(1, nil) else { return nil }
        defer { pcre2_match_data_free_8(data) }
        var members = [Bool](repeating: false, count: 256)
        for b in 0..<256 {
            var byte = UInt8(b)
            members[b] = pcre2_match_8(compiled, &byte, 1, 0, 0, data, nil) == 1
        }
        return members
    }
}
