/// The words that every match of a candidate expression starts with, when the expression opens with
/// literal text or an alternation of literal texts, such as the keyword-assignment candidate
/// `(?i)(?:api[_-]?key|…|token|password|passwd|pwd)[A-Za-z0-9_.-]{0,16}…` or the bearer candidate
/// `(?i)\b(?:authorization…)?bearer\s{1,16}…`.
///
/// Confirming a cluster of such a pattern, PCRE2 tried every start in the window whose byte could
/// open some word (its first-code-unit table: for the keyword candidates about one letter in three
/// of prose), and each failed start went through the alternation. A search for the words themselves
/// (``NeedleSet``, 32 bytes a step) finds the first start where a match can begin, and PCRE2 starts
/// there; with none up to the window's limit, PCRE2 does not run.
///
/// Why it stays exact: a match of the regex starts where a candidate match starts (the candidate
/// contract), and that candidate match starts with one of the words, so no match starts where no
/// word starts. The search ignores case, which only admits more starts.
///
/// A class: the confirmation loop copied the struct (its word tables and 64-byte pair filter) out of
/// the pattern for every cluster.
final class LeadingLiterals: Sendable {
    let words: NeedleSet
    /// The longest word, in bytes.
    let longest: Int
    /// The words, lower-cased (for tests).
    let list: [String]

    /// The leading words of `candidate`, or `nil` when it does not open with literal text or an
    /// alternation of literal texts of at least two bytes each.
    init?(candidate: String) {
        var text = Array(candidate.utf8)[...]
        if text.starts(with: Array("(?i)".utf8)) { text = text.dropFirst(4) }
        var words: [[UInt8]] = []
        for alternative in Self.alternatives(text) {
            guard let inner = Self.prefixes(alternative) else { return nil }
            words += inner
        }
        guard !words.isEmpty, words.allSatisfy({ $0.count >= 2 }) else { return nil }
        let lower = Set(words.map { String(decoding: $0, as: UTF8.self).lowercased() }).sorted()
        self.words = NeedleSet(lower)
        longest = words.map(\.count).max() ?? 0
        list = lower
    }

    /// The first position in `from...last` where one of the words starts (the words may run past `last`),
    /// or `nil` when there is none. Out of line: inlined, it made the confirmation loop call out to the
    /// evaluation it had inlined (sparse MiB +20 K instructions).
    @inline(never)
    func firstStart(in subject: UnsafeRawBufferPointer, from: Int, through last: Int) -> Int? {
        let upper = min(subject.count, last + longest)
        guard from < upper else { return nil }
        var found: Int?
        let window = UnsafeRawBufferPointer(rebasing: subject[from..<upper])
        _ = words.occurs(in: window) { start, _ in
            found = start
            return true
        }
        guard let found, from + found <= last else { return nil }
        return from + found
    }

    /// Bytes that stand for themselves outside a class: letters, digits and a few punctuation marks.
    private static func isLiteral(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: " ")
            || b == UInt8(ascii: ":") || b == UInt8(ascii: "=") || b == UInt8(ascii: "@") || b == UInt8(ascii: "/")
    }

    /// Whether a quantifier that may repeat zero times starts at `text.startIndex` (`?`, `*`, `{0…}`).
    private static func isOptional(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first else { return false }
        if first == UInt8(ascii: "?") || first == UInt8(ascii: "*") { return true }
        return first == UInt8(ascii: "{") && text.dropFirst().first == UInt8(ascii: "0")
    }

    /// Whether any quantifier starts at `text.startIndex`.
    private static func isQuantifier(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first else { return false }
        return first == UInt8(ascii: "?") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") || first == UInt8(ascii: "{")
    }

    /// The words every match of `text` (a sequence) starts with, or `nil` when they are not known.
    /// `\b` at the start is skipped (it matches no byte); an optional group adds what follows it.
    private static func prefixes(_ text: ArraySlice<UInt8>) -> [[UInt8]]? {
        var text = text
        while text.starts(with: Array(#"\b"#.utf8)) { text = text.dropFirst(2) }
        guard let first = text.first else { return nil }
        if first == UInt8(ascii: "(") {
            guard text.dropFirst().starts(with: Array("?:".utf8)), let close = closingParenthesis(text) else { return nil }
            let body = text[(text.startIndex + 3)..<close]
            var words: [[UInt8]] = []
            for alternative in alternatives(body) {
                guard let inner = prefixes(alternative) else { return nil }
                words += inner
            }
            let rest = text[(close + 1)...]
            guard isOptional(rest) else {
                // `+` or `{n,…}` with n >= 1 still starts with the group; no quantifier, likewise.
                return words
            }
            var after = rest.dropFirst()
            if rest.first == UInt8(ascii: "{") {
                guard let end = after.firstIndex(of: UInt8(ascii: "}")) else { return nil }
                after = after[(end + 1)...]
            }
            guard let following = prefixes(after) else { return nil }
            return words + following
        }
        // A literal run, without a byte that a quantifier makes optional or repeats.
        var word: [UInt8] = []
        var i = text.startIndex
        while i < text.endIndex && isLiteral(text[i]) {
            if isQuantifier(text[(i + 1)...]) { break }
            word.append(text[i])
            i += 1
        }
        return word.isEmpty ? nil : [word]
    }

    /// The index of the `)` closing the group opened at `text.startIndex`, skipping classes and escapes.
    private static func closingParenthesis(_ text: ArraySlice<UInt8>) -> Int? {
        var depth = 0, i = text.startIndex, inClass = false
        while i < text.endIndex {
            let b = text[i]
            if b == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if inClass {
                if b == UInt8(ascii: "]") { inClass = false }
            } else if b == UInt8(ascii: "[") {
                inClass = true
            } else if b == UInt8(ascii: "(") {
                depth += 1
            } else if b == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// The top-level alternatives of a group's body (split at `|` outside nested groups and classes).
    private static func alternatives(_ body: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var depth = 0, i = body.startIndex, start = body.startIndex, inClass = false
        while i < body.endIndex {
            let b = body[i]
            if b == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if inClass {
                if b == UInt8(ascii: "]") { inClass = false }
            } else if b == UInt8(ascii: "[") {
                inClass = true
            } else if b == UInt8(ascii: "(") {
                depth += 1
            } else if b == UInt8(ascii: ")") {
                depth -= 1
            } else if b == UInt8(ascii: "|") && depth == 0 {
                parts.append(body[start..<i])
                start = i + 1
            }
            i += 1
        }
        parts.append(body[start..<body.endIndex])
        return parts
    }
}
