import CWorkjetDigits

/// Proposes candidates for the engine's digit patterns (those with a ``DigitShape``) in place of Hyperscan.
///
/// The C scanner finds digit runs with enough digits; each run's groups are checked against every
/// digit pattern's shape, and for each pattern that fits, candidate ends that cover every match
/// start in the run (from the byte before its first digit to its last digit) go to the
/// ``ClusterCollector``, exactly as Hyperscan's ends do. PCRE2 then confirms as usual.
struct DigitRunScanner: Sendable {
    struct Entry: Sendable {
        /// The pattern's index in the engine's table (its collector slot).
        var pattern: Int
        var gate: DigitGate
        /// The pattern's maximum match width.
        var window: Int
        /// Set when a match is known to be exactly one group (``exactMatch(_:shape:)``): a run is then proposed
        /// only when the detector would accept one of its groups (``Confirmer/accepts(_:value:subject:)``).
        var checks: Bool
    }

    let entries: [Entry]
    /// The engine's patterns, for the entries that ``Entry/checks``.
    let table: [CompiledPattern]
    /// Runs with fewer digits fit no shape (after a `+`: `plusMinimumDigits`).
    let minimumDigits: Int
    let plusMinimumDigits: Int

    /// In a stream, a run still growing at the end of the data is held back until it ends; past this
    /// length it is proposed to every digit pattern as it grows, so that memory stays bounded.
    static let longestHeldRun = 4096

    init(table: [CompiledPattern]) {
        var entries: [Entry] = []
        for (index, pattern) in table.enumerated() {
            guard let shape = pattern.digitShape else { continue }
            entries.append(Entry(
                pattern: index, gate: DigitGate(shape), window: pattern.maxWidth ?? Int.max / 4,
                checks: Self.exactMatch(pattern, shape: shape)))
        }
        self.entries = entries
        self.table = table
        let plain = entries.filter { $0.gate.kind != .international }
        minimumDigits = plain.map(\.gate.minimumDigits).min() ?? Int(UInt32.max)
        plusMinimumDigits = entries.map(\.gate.minimumDigits).min() ?? Int(UInt32.max)
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Scans `subject[from...]` (relative offsets; absolute = `base` + relative) and proposes candidates.
    /// Returns where the next call continues: the end, or (when not `final`) the start of a run that
    /// may go on in the next chunk.
    func propose(
        in subject: UnsafeRawBufferPointer, from: Int, base: Int, final: Bool, scratch: DigitScratch,
        collector: ClusterCollector, checkingGroups: Bool = true
    ) -> Int {
        guard !entries.isEmpty, let pointer = subject.baseAddress, from < subject.count else { return max(from, subject.count) }
        let bytes = pointer.assumingMemoryBound(to: UInt8.self)
        var position = from
        while true {
            var resume = 0
            let found = wj_digit_runs(
                bytes, subject.count, position, final ? 1 : 0, UInt32(minimumDigits), UInt32(plusMinimumDigits),
                scratch.runs, DigitScratch.capacity, &resume)
            var groups = scratch.groups
            entries.withUnsafeBufferPointer { entries in
                for r in 0..<found {
                    let run = scratch.runs[r]
                    groups.read(subject, run: Int(run.start)..<Int(run.end))
                    for entry in entries where entry.gate.admits(groups, plus: run.plus != 0) {
                        if entry.checks && checkingGroups && !Self.acceptsAGroup(table[entry.pattern], gate: entry.gate, groups, subject: subject) { continue }
                        cover(entry, from: base + Int(run.start) - 1, through: base + Int(run.end), collector: collector)
                    }
                }
            }
            position = resume
            if found < DigitScratch.capacity || position >= subject.count { break }
        }
        if !final && position < subject.count && subject.count - position > Self.longestHeldRun {
            // A run that long is no number; propose it to every pattern so far and go on after it.
            for entry in entries { cover(entry, from: base + position - 1, through: base + subject.count, collector: collector) }
            return subject.count
        }
        return position
    }

    /// Whether every match of the pattern is exactly one group of the run, so that the run's groups of the
    /// right length are all the values PCRE2 could confirm in it: the shape is a single group, PCRE2's
    /// first-code-unit table shows that a match starts with a digit (so at the group's first digit, by the
    /// shape contract), and the value is the whole match.
    ///
    /// Multi-group shapes of fixed width (SSNs with separators) could be checked the same way, but most
    /// such runs are valid numbers that PCRE2 then confirms anyway: checking them first cost more than it
    /// saved (callgrind: sparse MiB +4 K, dense +84 K instructions).
    static func exactMatch(_ pattern: CompiledPattern, shape: DigitShape) -> Bool {
        guard case .group = shape else { return false }
        return pattern.regex.valueGroup == 0 && pattern.regex.startsWithDigit
    }

    /// Whether the detector would accept one of the run's groups whose length fits the pattern's
    /// ``DigitShape/group(_:)`` gate, as PCRE2's match of it (the group itself) would be judged after
    /// confirmation. Most runs of a plain card's or a bare SSN's length are not cards (Luhn) or have no SSN
    /// keyword before them; for those PCRE2 no longer runs (on the sparse benchmark MiB: 19 of 25 plain-card
    /// and 22 of 27 bare-SSN clusters).
    @inline(never)
    private static func acceptsAGroup(
        _ pattern: CompiledPattern, gate: DigitGate, _ groups: DigitGroups, subject: UnsafeRawBufferPointer
    ) -> Bool {
        if groups.overflow { return true }
        for g in 0..<groups.count where gate.fitsGroup(groups.length(g)) {
            if Confirmer.accepts(pattern, value: groups.start(g)..<groups.start(g) + groups.length(g), subject: subject) { return true }
        }
        return false
    }

    /// Candidate ends whose windows cover every match start from `start` to `end` (absolute).
    @inline(__always)
    private func cover(_ entry: Entry, from start: Int, through end: Int, collector: ClusterCollector) {
        var candidate = max(start, 0) + entry.window
        collector.add(pattern: entry.pattern, end: candidate)
        while candidate < end {
            candidate += entry.window
            collector.add(pattern: entry.pattern, end: candidate)
        }
    }
}

extension DigitRunScanner {
    /// One run as the C scanner reports it.
    struct Run: Hashable {
        var range: Range<Int>
        var digits: Int
        var plus: Bool
    }

    /// Every run of `bytes[from...]` with enough digits, calling the C scanner with room for `capacity`
    /// runs at a time; with `final` false, also where a run that may go on starts. For tests.
    static func runs(
        in bytes: UnsafeRawBufferPointer, from: Int = 0, final: Bool = true, minimumDigits: Int, plusMinimumDigits: Int,
        capacity: Int = DigitScratch.capacity, portable: Bool = false
    ) -> (runs: [Run], resume: Int) {
        guard let base = bytes.baseAddress else { return ([], from) }
        let buffer = UnsafeMutablePointer<wj_digit_run>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var runs: [Run] = []
        var position = from
        while true {
            var resume = 0
            let scan = portable ? wj_digit_runs_portable : wj_digit_runs
            let found = scan(
                base.assumingMemoryBound(to: UInt8.self), bytes.count, position, final ? 1 : 0, UInt32(minimumDigits),
                UInt32(plusMinimumDigits), buffer, capacity, &resume)
            for r in 0..<found {
                let run = buffer[r]
                runs.append(Run(range: Int(run.start)..<Int(run.end), digits: Int(run.digits), plus: run.plus != 0))
            }
            position = resume
            if found < capacity || position >= bytes.count { return (runs, position) }
        }
    }
}

/// The digit-run scanner's buffers for one scan (part of ``ScanScratch``).
final class DigitScratch {
    static let capacity = 256
    let runs = UnsafeMutablePointer<wj_digit_run>.allocate(capacity: DigitScratch.capacity)
    private let starts = UnsafeMutablePointer<Int>.allocate(capacity: DigitGroups.capacity)
    private let lengths = UnsafeMutablePointer<Int>.allocate(capacity: DigitGroups.capacity)
    /// A view of the group buffers (it holds no state between runs).
    var groups: DigitGroups { DigitGroups(starts: starts, lengths: lengths) }

    deinit {
        runs.deallocate()
        starts.deallocate()
        lengths.deallocate()
    }
}
