import CPCRE2

/// A compiled, JIT-optimised PCRE2 pattern. Immutable after creation.
///
/// Safe to share across threads: PCRE2 compiled code is read-only during matching; per-match state
/// lives in ``PCRE2MatchState``, which is owned by one scan at a time.
final class PCRE2Regex: @unchecked Sendable {
    let code: OpaquePointer
    /// Index of the capture group that holds the sensitive value (0: the whole match).
    let valueGroup: Int
    /// Number of capture groups.
    let captureCount: Int
    /// The pattern text.
    let source: String
    /// Whether the JIT compiled it: matches then go straight to `pcre2_jit_match`, skipping the checks
    /// `pcre2_match` repeats on every call (1.0 M of a dense MiB's 37.7 M instructions under callgrind).
    let jitted: Bool

    /// Compiles `pattern`; the error names what failed and where.
    init(pattern: String, caseInsensitive: Bool, secretGroup: SecretGroup?) throws(PatternError) {
        source = pattern
        var errorCode: Int32 = 0
        var errorOffset = 0
        var options = UInt32(PCRE2_MULTILINE) | UInt32(PCRE2_USE_OFFSET_LIMIT)
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        let compiled = pattern.utf8CString.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buffer.count) {
                wj_pcre2_compile($0, buffer.count - 1, options, &errorCode, &errorOffset)
            }
        }
        guard let compiled else {
            throw PatternError(reason: Self.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        switch secretGroup {
        case nil:
            valueGroup = 0
        case .number(let n):
            guard n >= 1, n <= captureCount else {
                pcre2_code_free_8(compiled)
                throw PatternError(reason: "capture group \(n) does not exist (the pattern has \(count))", offset: nil)
            }
            valueGroup = n
        case .name(let name):
            let n = name.withCString { pcre2_substring_number_from_name_8(compiled, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) }
            guard n > 0 else {
                pcre2_code_free_8(compiled)
                throw PatternError(reason: "named capture group '\(name)' does not exist", offset: nil)
            }
            valueGroup = Int(n)
        }
        // JIT is an optimisation: where it is unavailable PCRE2 interprets, with the same results.
        jitted = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
    }

    deinit { pcre2_code_free_8(code) }

    /// Whether PCRE2's analysis of the pattern proves that every match starts with an ASCII digit
    /// (its first code unit, or its table of possible first code units, holds digits only).
    var startsWithDigit: Bool {
        var first: UInt32 = 0
        // 1: a fixed first code unit (PCRE2_INFO_FIRSTCODEUNIT); 2: a table of them; 0: unknown.
        var kind: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &kind)
        if kind == 1 {
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &first)
            return first >= 48 && first <= 57
        }
        var bitmap: UnsafePointer<UInt8>?
        guard pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap) == 0, let bitmap else { return false }
        // 32 bytes, bit b of byte b / 8 for code unit b: only '0'...'9' (bytes 6 and 7) may be set.
        for index in 0..<32 {
            let allowed: UInt8 = index == 6 ? 0xFF : index == 7 ? 0x03 : 0
            if bitmap[index] & ~allowed != 0 { return false }
        }
        return bitmap[6] | bitmap[7] != 0
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer.prefix(Int(n)), as: UTF8.self) : "PCRE2 error \(errorCode)"
    }

    /// Finds the next match starting at or after `start` and at or before `startLimit`.
    ///
    /// The subject is the whole buffer so that lookbehind and lookahead see real neighbours.
    @inline(__always)
    func nextMatch(
        in subject: UnsafeRawBufferPointer, from start: Int, startLimit: Int, state: PCRE2MatchState
    ) -> MatchOutcome {
        pcre2_set_offset_limit_8(state.context, startLimit)
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(state.emptySubject)
        let rc = jitted
            ? pcre2_jit_match_8(code, base, subject.count, start, 0, state.matchData, state.context)
            : pcre2_match_8(code, base, subject.count, start, 0, state.matchData, state.context)
        if rc == PCRE2_ERROR_NOMATCH { return .none }
        if rc < 0 { return .failed(rc) }
        let ovector = pcre2_get_ovector_pointer_8(state.matchData)!
        let matchStart = ovector[0], matchEnd = ovector[1]
        var valueStart = matchStart, valueEnd = matchEnd
        if valueGroup > 0 {
            let s = ovector[2 * valueGroup], e = ovector[2 * valueGroup + 1]
            if s == wj_pcre2_unset() { return .match(whole: matchStart..<matchEnd, value: nil) }
            valueStart = s
            valueEnd = e
        }
        return .match(whole: matchStart..<matchEnd, value: valueStart..<valueEnd)
    }

    enum MatchOutcome {
        case none
        case match(whole: Range<Int>, value: Range<Int>?)
        case failed(Int32)
    }
}

/// Per-scan PCRE2 state: match data sized for the largest pattern and a match context with limits.
final class PCRE2MatchState {
    let matchData: OpaquePointer
    let context: OpaquePointer
    var emptySubject: UnsafeMutablePointer<UInt8>

    init(maxCaptureCount: Int, matchLimit: UInt32, depthLimit: UInt32) {
        matchData = pcre2_match_data_create_8(UInt32(maxCaptureCount + 1), nil)!
        context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        emptySubject = .allocate(capacity: 1)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        emptySubject.deallocate()
    }
}

/// Why a pattern did not compile.
struct PatternError: Error {
    var reason: String
    var offset: Int?
}
