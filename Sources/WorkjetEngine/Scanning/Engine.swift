import CHyperscan
import Synchronization

/// The DLP scanner: every detector's patterns compiled into one Hyperscan database, candidates
/// confirmed with PCRE2 and the detectors' validators.
///
/// An engine is immutable and safe to share between threads and tasks; build it once and reuse it.
///
/// ```swift
/// let engine = try Engine()                       // the built-in detectors
/// let findings = try engine.scan("card 4111 1111 1111 1111")
/// // [Finding(entityType: CREDIT_CARD, detectorID: "credit_card", start: 5, end: 24, …)]
/// ```
public final class Engine: Sendable {
    /// Tunables with documented defaults.
    public struct Configuration: Sendable, Hashable {
        /// PCRE2 match limit per confirmation (bounds backtracking; a pattern that exceeds it on some input
        /// gives up on that candidate window and is counted in ``ScanStatistics/limitHits``).
        public var matchLimit: UInt32 = 1_000_000
        /// PCRE2 depth (backtracking memory) limit per confirmation.
        public var depthLimit: UInt32 = 10_000
        /// Bytes of lookahead a stream buffers past a candidate before confirming it, so that `(?!\d)` and
        /// `\b` at a chunk boundary see the next byte.
        public var streamLookahead: Int = 64
        /// Bytes of lookbehind kept before a candidate window in a stream.
        public var streamLookbehind: Int = 64
        /// In stream mode, the largest window kept for a pattern with unbounded width (`foo.*bar`):
        /// a match longer than this is not found in a stream (block scans have no such limit).
        public var streamUnboundedWindow: Int = 16_384

        /// The defaults.
        public init() {}
    }

    /// The detectors this engine was built from.
    public let registry: DetectorRegistry
    /// The configuration the engine was built with.
    public let configuration: Configuration
    let table: PatternTable
    /// `nil` when every pattern is a digit pattern.
    let blockDatabase: HyperscanDatabase?
    let blockWindows: [Int]
    let blockReaches: [Int]
    private let blockPool = Mutex<[ScanScratch]>([])
    private let streamState = Mutex<StreamDatabaseState>(StreamDatabaseState())

    struct StreamDatabaseState {
        var compiled = false
        var database: HyperscanDatabase?
        var pool: [ScanScratch] = []
    }

    /// Builds an engine from the detectors of `registry` (default: the built-ins).
    ///
    /// All-or-nothing: if any pattern does not compile, no engine is built and the error names the
    /// detector, the pattern and the reason.
    public init(registry: DetectorRegistry = .builtins(), configuration: Configuration = Configuration()) throws(EngineError) {
        self.registry = registry
        self.configuration = configuration
        table = try PatternCompiler.compile(registry.detectors)
        blockDatabase = try PatternCompiler.database(for: table, mode: UInt32(HS_MODE_BLOCK))
        blockWindows = table.patterns.map { $0.maxWidth ?? Int.max / 4 }
        blockReaches = table.patterns.map { $0.reach ?? Int.max / 4 }
        warmUp()
    }

    /// Scans the detectors' own examples once, so that the first real scan does not pay for first use:
    /// a pooled scratch, the JIT code and lookup tables paged in, validators' tables built. A fresh engine
    /// took 756 µs for its first inspection of a 4 KB chat body and 15 µs for the third (254 µs after this
    /// warm-up alone; the gateway also warms its JSON path); about 1 ms here, next to the second or so
    /// that compiling the database takes. A failure here is ignored:
    /// the same scan will fail, and report, on real input.
    private func warmUp() {
        let sample = registry.detectors.flatMap { $0.examples + $0.negativeExamples }.joined(separator: "\n")
        guard !sample.isEmpty else { return }
        _ = try? scan(sample)
    }

    /// Size in bytes of the compiled block-mode database.
    public var databaseSize: Int { blockDatabase?.size ?? 0 }

    /// Number of compiled patterns, how many of them Hyperscan only prefilters (lookaround, backreferences),
    /// and how many are digit patterns that the digit-run scanner proposes instead of Hyperscan.
    public var patternCounts: (total: Int, prefiltered: Int, digits: Int) {
        let hyperscan = table.patterns.filter { $0.digitShape == nil }
        return (table.patterns.count, hyperscan.filter(\.prefilter).count, table.digits.entries.count)
    }

    // MARK: Block scans

    /// Scans a complete buffer and returns sorted, non-overlapping findings.
    public func scan(_ bytes: UnsafeRawBufferPointer) throws(EngineError) -> [Finding] {
        var statistics = ScanStatistics()
        return try scan(bytes, statistics: &statistics)
    }

    /// Scans a string's UTF-8 bytes.
    public func scan(_ text: String) throws(EngineError) -> [Finding] {
        var copy = text
        return try copy.withUTF8 { buffer in
            Result { () throws(EngineError) in try scan(UnsafeRawBufferPointer(buffer)) }
        }.get()
    }

    /// Scans bytes.
    public func scan(_ bytes: [UInt8]) throws(EngineError) -> [Finding] {
        try bytes.withUnsafeBytes { buffer in Result { () throws(EngineError) in try scan(buffer) } }.get()
    }

    /// Scans a complete buffer, also reporting statistics.
    public func scan(_ bytes: UnsafeRawBufferPointer, statistics: inout ScanStatistics) throws(EngineError) -> [Finding] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        if bytes.count > Int(UInt32.max) {
            // Hyperscan's block mode takes a 32-bit length; a stream gives the same findings.
            let stream = try makeStream()
            var findings = try stream.write(bytes)
            findings += try stream.finish()
            statistics.bytes += bytes.count
            return findings
        }
        let scratch = try takeBlockScratch()
        defer { returnBlockScratch(scratch) }
        try collectCandidates(bytes, base: base, scratch: scratch)
        let collector = scratch.collector
        statistics.bytes += bytes.count
        statistics.candidateClusters += collector.closed.count
        guard !collector.closed.isEmpty else { return [] }
        var findings: [Finding] = []
        // About one finding per cluster: one allocation, not a doubling for every few findings.
        findings.reserveCapacity(collector.closed.count)
        let confirmer = Confirmer(table: table)
        let resumes = scratch.resumes
        for cluster in collector.closed
        where !confirmer.confirmInOrder(cluster, subject: bytes, base: 0, state: scratch.pcre, resumes: resumes, into: &findings)
            .completed
        {
            statistics.limitHits += 1
        }
        for cluster in collector.closed { resumes[cluster.pattern] = Int.min }
        OverlapResolver.resolve(&findings)
        return findings
    }

    /// The candidate stage: Hyperscan's ends and the digit-run scanner's windows, as closed clusters in
    /// `scratch.collector` (a block of at most 4 GiB).
    /// With `checkingGroups` false, the digit-run scanner proposes every run that fits a shape, without asking
    /// the detector about single-group values (``DigitRunScanner``): the raw candidate stage alone.
    func collectCandidates(
        _ bytes: UnsafeRawBufferPointer, base: UnsafeRawPointer, scratch: ScanScratch, checkingGroups: Bool = true
    ) throws(EngineError) {
        let collector = scratch.collector
        collector.reset()
        if let blockDatabase {
            let rc = hs_scan(
                blockDatabase.handle, base.assumingMemoryBound(to: CChar.self), UInt32(bytes.count), 0, scratch.hsScratch,
                collectCandidate, Unmanaged.passUnretained(collector).toOpaque())
            guard rc == HS_SUCCESS else {
                throw EngineError(.scanFailed, "Hyperscan scan failed with error \(rc)")
            }
        }
        _ = table.digits.propose(
            in: bytes, from: 0, base: 0, final: true, scratch: scratch.digits, collector: collector, checkingGroups: checkingGroups)
        collector.closeAll()
    }

    // MARK: Reference

    /// The reference result: every pattern run by PCRE2 over the whole input (no Hyperscan), then the
    /// same evaluation and overlap resolution. Slow; the differential tests and fuzzers compare
    /// ``scan(_:)-(UnsafeRawBufferPointer)`` against it.
    public func referenceScan(_ bytes: UnsafeRawBufferPointer) -> [Finding] {
        let state = PCRE2MatchState(
            maxCaptureCount: table.maxCaptureCount, matchLimit: configuration.matchLimit,
            depthLimit: configuration.depthLimit)
        var findings: [Finding] = []
        let confirmer = Confirmer(table: table)
        for pattern in table.patterns {
            _ = confirmer.run(pattern, subject: bytes, base: 0, from: 0, startLimit: bytes.count, state: state, into: &findings)
        }
        OverlapResolver.resolve(&findings)
        return findings
    }

    // MARK: Scratch pools

    func takeBlockScratch() throws(EngineError) -> ScanScratch {
        if let scratch = blockPool.withLock({ $0.popLast() }) { return scratch }
        return try ScanScratch(
            databases: blockDatabase.map { [$0] } ?? [], windows: blockWindows, reaches: blockReaches,
            pcre: makeMatchState(), wholeInput: true)
    }

    /// Scratch spaces waiting in the block pool (for tests).
    var pooledBlockScratches: Int { blockPool.withLock { $0.count } }

    func returnBlockScratch(_ scratch: ScanScratch) {
        blockPool.withLock { $0.append(scratch) }
    }

    func makeMatchState() -> PCRE2MatchState {
        PCRE2MatchState(
            maxCaptureCount: table.maxCaptureCount, matchLimit: configuration.matchLimit,
            depthLimit: configuration.depthLimit)
    }

    /// The stream database (compiled on first use) and a scratch for it.
    func takeStreamScratch() throws(EngineError) -> (HyperscanDatabase?, ScanScratch, [Int]) {
        let windows = table.patterns.map { min($0.maxWidth ?? Int.max, configuration.streamUnboundedWindow) }
        let (database, pooled) = try streamState.withLock { state throws(EngineError) -> (HyperscanDatabase?, ScanScratch?) in
            if !state.compiled {
                state.database = try PatternCompiler.database(for: table, mode: UInt32(HS_MODE_STREAM))
                state.compiled = true
            }
            return (state.database, state.pool.popLast())
        }
        if let pooled { return (database, pooled, windows) }
        // A candidate expression may end inside its match: wait for the rest before confirming.
        let tails = zip(table.patterns, windows).map { pattern, window in pattern.hasCandidateExpression ? window : 0 }
        let reaches = table.patterns.map { min($0.reach ?? Int.max, configuration.streamUnboundedWindow) }
        let scratch = try ScanScratch(
            databases: database.map { [$0] } ?? [], windows: windows, reaches: reaches, tails: tails, pcre: makeMatchState())
        return (database, scratch, windows)
    }

    func returnStreamScratch(_ scratch: ScanScratch) {
        streamState.withLock { $0.pool.append(scratch) }
    }
}

/// Counters a scan can report.
public struct ScanStatistics: Sendable, Hashable {
    /// Bytes scanned.
    public var bytes = 0
    /// Candidate windows Hyperscan and the digit-run scanner produced (each confirmed by PCRE2).
    public var candidateClusters = 0
    /// Windows abandoned because PCRE2 hit its match or depth limit.
    public var limitHits = 0
    /// Zero counters.
    public init() {}
}

/// Hyperscan's match callback: records the candidate end in the scan's ``ClusterCollector``.
///
/// The scan holds the collector for as long as Hyperscan runs, so the callback borrows it without a
/// retain and a release (two atomic operations per candidate end, 1.4 % of a timed profile).
let collectCandidate: match_event_handler = { id, _, to, _, context in
    Unmanaged<ClusterCollector>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.add(pattern: Int(id), end: Int(to)) }
    return 0
}
