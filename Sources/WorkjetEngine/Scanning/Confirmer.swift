/// Turns candidate clusters into findings: PCRE2 finds exact spans and capture groups, then the
/// detector's context rule, filters and validator decide.
struct Confirmer {
    let table: PatternTable

    /// Confirms one cluster against `subject`, whose first byte is at absolute offset `base`, for
    /// matches starting at or before `startLimit` (absolute; default: the cluster's last candidate end
    /// minus the pattern's ``CompiledPattern/startMargin``). Appends accepted findings (absolute offsets)
    /// to `findings`.
    ///
    /// Why the margin loses nothing: a match starting at `s` has a candidate match `[s, e)` whose end `e`
    /// Hyperscan reports, with `e - s` at least the margin; the cluster holding `e` starts at or before
    /// `e - reach <= s` and now stops at or after `e - margin >= s`, so some cluster still searches `s`, and
    /// clusters are confirmed in order, each resuming where the previous one stopped. With the last end as
    /// the limit, PCRE2 also tried the starts of the margin before it, where no match can start, and after
    /// a match that ended there it was called once more to find nothing (a provider token, an AWS key id).
    func confirm(
        _ cluster: ClusterCollector.Cluster, startLimit: Int? = nil, subject: UnsafeRawBufferPointer, base: Int,
        state: PCRE2MatchState, into findings: inout [Finding]
    ) -> Progress {
        let pattern = table.patterns[cluster.pattern]
        var start = max(0, cluster.start - base)
        if let run = pattern.leadingRun, cluster.first == cluster.last,
            let runStart = run.leftmostStart(endingAt: cluster.last - base, in: subject)
        {
            start = max(start, runStart)
        }
        let limit = (startLimit ?? cluster.last - pattern.startMargin) - base
        var progress = run(pattern, subject: subject, base: base, from: start, startLimit: limit, state: state, into: &findings)
        progress.resume += base
        return progress
    }

    /// Confirms one cluster of a pattern whose earlier clusters were confirmed before it: the search starts
    /// no earlier than where the previous one stopped (`resumes`, per pattern, absolute; `Int.min` when
    /// unset) and records where this one stops, so that a match is never found twice or cut into, as a
    /// whole-input scan resumes after each match.
    func confirmInOrder(
        _ cluster: ClusterCollector.Cluster, startLimit: Int? = nil, subject: UnsafeRawBufferPointer, base: Int,
        state: PCRE2MatchState, resumes: UnsafeMutableBufferPointer<Int>, into findings: inout [Finding]
    ) -> Progress {
        var window = cluster
        window.start = max(cluster.start, resumes[cluster.pattern])
        let progress = confirm(window, startLimit: startLimit, subject: subject, base: base, state: state, into: &findings)
        resumes[cluster.pattern] = progress.resume
        return progress
    }

    /// How far a confirmation got: where the next match search would start, and whether PCRE2 hit a limit.
    struct Progress {
        var resume: Int
        var completed: Bool
    }

    /// Iterates PCRE2 matches of `pattern` from `start` (relative), each starting at or before `startLimit`.
    func run(
        _ pattern: CompiledPattern, subject: UnsafeRawBufferPointer, base: Int, from start: Int, startLimit: Int,
        state: PCRE2MatchState, into findings: inout [Finding]
    ) -> Progress {
        var position = start
        while position <= startLimit && position <= subject.count {
            if position > start && pattern.isDigitPattern
                && !Self.digitMayFollow(in: subject, from: position, through: startLimit + Self.digitRunGap)
            {
                // After a match of a digit pattern, usually at the end of its run: no digit left, no match.
                return Progress(resume: startLimit + 1, completed: true)
            }
            switch pattern.regex.nextMatch(in: subject, from: position, startLimit: startLimit, state: state) {
            case .none:
                return Progress(resume: startLimit + 1, completed: true)
            case .failed:
                return Progress(resume: startLimit + 1, completed: false)
            case .match(let whole, let value):
                if let value, !value.isEmpty,
                    let finding = Self.evaluate(pattern, value: value, subject: subject, base: base)
                {
                    findings.append(finding)
                }
                position = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
            }
        }
        return Progress(resume: position, completed: true)
    }

    /// How far past a digit pattern's match start its next digit can be, at most: a match starts at a digit or
    /// a separator of a digit run, where a digit follows within three bytes (runs join digits by at most three
    /// separators), or on the byte before the run's first digit (``DigitRunScanner``: that is what its candidate
    /// ends cover).
    static let digitRunGap = 3

    /// Whether `subject[from...through]` holds an ASCII digit, or reaches past `subject`'s end (the bytes there
    /// are not known: a stream may not have them yet).
    ///
    /// After a match of a digit pattern PCRE2 was called once more for the rest of the cluster's window, and
    /// found nothing in most clusters (one call in three on the sparse benchmark MiB, at about 200 instructions);
    /// with no digit in the window no match can start there.
    @inline(never)
    static func digitMayFollow(in subject: UnsafeRawBufferPointer, from: Int, through: Int) -> Bool {
        guard through < subject.count else { return true }
        guard through + 1 - from >= 8 else {
            var i = from
            while i <= through {
                if ASCII.isDigit(subject[i]) { return true }
                i += 1
            }
            return false
        }
        // Eight bytes at a time (a byte loop cost more than half of the calls it saved); the last word may
        // overlap the one before it.
        @inline(__always) func hasDigit(at offset: Int) -> Bool {
            // A digit is a byte that XOR 0x30 turns into one below 10; "some byte below 10" without carries
            // between bytes: (y - 0x0A each) & ~y & 0x80 each.
            let y = UInt64(littleEndian: subject.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ 0x3030_3030_3030_3030
            return (y &- 0x0A0A_0A0A_0A0A_0A0A) & ~y & 0x8080_8080_8080_8080 != 0
        }
        var i = from
        while i + 8 <= through + 1 {
            if hasDigit(at: i) { return true }
            i += 8
        }
        return i <= through && hasDigit(at: through - 7)
    }

    /// Whether ``evaluate(_:value:subject:base:)`` would return a finding for this value, without what only
    /// sets the finding's confidence (the keyword search, when the detector decides without the keyword).
    /// The digit-run scanner asks it before PCRE2 runs, for patterns whose matches are exactly one digit
    /// group (``DigitRunScanner``).
    static func accepts(_ pattern: CompiledPattern, value: Range<Int>, subject: UnsafeRawBufferPointer) -> Bool {
        judge(pattern, value: value, subject: subject) != nil
    }

    /// The finding for one match's value (relative offsets into `subject`), or nil when the detector's
    /// context rule, filters or validator turn it down.
    @inline(__always)
    static func evaluate(_ pattern: CompiledPattern, value: Range<Int>, subject: UnsafeRawBufferPointer, base: Int) -> Finding? {
        guard let (evaluation, keyword) = judge(pattern, value: value, subject: subject) else { return nil }
        // Not looked for yet when the detector decided without it: it only raises the confidence.
        let hasKeyword = keyword ?? (evaluation.confidence == nil && hasContextKeyword(pattern, subject: subject, before: value.lowerBound))
        let confidence = evaluation.confidence ?? min(1, pattern.confidence + (hasKeyword ? pattern.contextBoost : 0))
        return Finding(
            entityType: pattern.entityType, detectorID: pattern.detectorID, start: base + value.lowerBound,
            end: base + value.upperBound, confidence: confidence, validated: evaluation.validated)
    }

    /// The detector's verdict on a value, and whether a context keyword precedes it when the verdict
    /// needed to know (nil when the detector decides without the keyword: most candidates it rejects,
    /// Luhn failures, SSA rules, placeholders, then cost no keyword search).
    @inline(__always)
    static func judge(
        _ pattern: CompiledPattern, value: Range<Int>, subject: UnsafeRawBufferPointer
    ) -> (evaluation: Evaluation, keyword: Bool?)? {
        let bytes = UnsafeRawBufferPointer(rebasing: subject[value])
        if pattern.keywordsAfterEvaluation {
            let context = DetectionContext(hasContextKeyword: false, patternIndex: pattern.patternIndex)
            return evaluate(pattern, bytes, context: context).map { ($0, nil) }
        }
        let hasKeyword = hasContextKeyword(pattern, subject: subject, before: value.lowerBound)
        if pattern.requiresContext && !hasKeyword { return nil }
        let context = DetectionContext(hasContextKeyword: hasKeyword, patternIndex: pattern.patternIndex)
        return evaluate(pattern, bytes, context: context).map { ($0, hasKeyword) }
    }

    /// The detector's evaluation of a value: a ``PatternDetector``'s through its prepared rules.
    @inline(__always)
    static func evaluate(_ pattern: CompiledPattern, _ value: UnsafeRawBufferPointer, context: DetectionContext) -> Evaluation? {
        if let rules = pattern.rules { return rules.evaluate(value, context: context) }
        return pattern.detector.evaluate(value: value, context: context)
    }

    @inline(__always)
    static func hasContextKeyword(_ pattern: CompiledPattern, subject: UnsafeRawBufferPointer, before position: Int) -> Bool {
        pattern.keywords.map { Self.containsKeyword($0, in: subject, before: position, window: pattern.contextWindow) } ?? false
    }

    /// Case-insensitive search for any keyword (lower-case bytes) in the `window` bytes before `position`.
    ///
    /// The window stops at a NUL byte: NUL separates records (the JSON redactor joins string values
    /// with it, binary files delimit strings with it), and a keyword in one value must not vouch for
    /// a number in the next.
    static func containsKeyword(_ keywords: NeedleSet, in subject: UnsafeRawBufferPointer, before position: Int, window: Int) -> Bool {
        let lower = Self.afterLastNUL(in: subject, from: max(0, position - window), to: position)
        guard position > lower else { return false }
        let window = UnsafeRawBufferPointer(rebasing: subject[lower..<position])
        return keywords.occurs(in: window) { start, end in
            !isInsideRedactionLabel(subject, start: lower + start, end: lower + end)
        }
    }

    /// The index after the last NUL byte in `subject[lower..<upper]`, or `lower` when there is none.
    /// Eight bytes at a time from the end (a byte loop here was 1.4 % of a dense scan).
    static func afterLastNUL(in subject: UnsafeRawBufferPointer, from lower: Int, to upper: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var cursor = upper
        while cursor - 8 >= lower {
            let word = UInt64(littleEndian: subject.loadUnaligned(fromByteOffset: cursor - 8, as: UInt64.self))
            if (word &- ones) & ~word & highs != 0 { break }  // some byte of it is zero: find the last one below
            cursor -= 8
        }
        while cursor > lower {
            if subject[cursor - 1] == 0 { return cursor }
            cursor -= 1
        }
        return lower
    }

    /// Whether `subject[start..<end]` lies inside a redaction label such as `[US_SSN]` or `[CREDIT_CARD]`:
    /// upper-case letters, digits and underscores between `[` and `]`.
    ///
    /// Labels name entity types, and those names contain context keywords ("SSN", "CARD", "PHONE"). Were
    /// they context, redacting one number would vouch for the next bare number beside it, which the next
    /// pass would redact, and so on along a list: redacted output would never settle.
    static func isInsideRedactionLabel(_ subject: UnsafeRawBufferPointer, start: Int, end: Int) -> Bool {
        @inline(__always) func isLabelByte(_ b: UInt8) -> Bool { b &- 65 < 26 || ASCII.isDigit(b) || b == 95 }
        var i = start
        while i < end {
            guard isLabelByte(subject[i]) else { return false }
            i += 1
        }
        var left = start - 1
        while left >= 0 && isLabelByte(subject[left]) { left -= 1 }
        guard left >= 0 && subject[left] == UInt8(ascii: "[") else { return false }
        var right = end
        while right < subject.count && isLabelByte(subject[right]) { right += 1 }
        return right < subject.count && subject[right] == UInt8(ascii: "]")
    }
}
