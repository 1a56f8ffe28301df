import CHyperscan

/// Scans input that arrives in chunks (large files, streamed responses) with Hyperscan's stream mode.
///
/// The findings over any chunking equal those of one block scan of the whole input, matches across
/// chunk boundaries included. Memory is bounded by the longest pattern window (plus the chunk being
/// scanned), not by the input. Offsets are absolute from the start of the stream.
///
/// A stream belongs to one task at a time; ``write(_:)`` returns the findings that became final.
///
/// ```swift
/// let stream = try engine.makeStream()
/// for chunk in chunks { report(try stream.write(chunk)) }
/// report(try stream.finish())
/// ```
public final class ScanStream {
    private let engine: Engine
    private let database: HyperscanDatabase?
    private let scratch: ScanScratch
    private let windows: [Int]
    private let maxWindow: Int
    private let margin: Int
    private var stream: OpaquePointer?
    private var open = true
    /// Where the digit-run scanner continues (absolute): the end of the data, or a run still growing.
    private var digitResume = 0
    private var buffer: [UInt8] = []
    private var bufferBase = 0
    private var pending: [Finding] = []
    /// Bytes written so far.
    public private(set) var byteCount = 0
    /// Windows abandoned because PCRE2 hit its match or depth limit.
    public private(set) var limitHits = 0

    init(engine: Engine) throws(EngineError) {
        self.engine = engine
        (database, scratch, windows) = try engine.takeStreamScratch()
        maxWindow = windows.max() ?? 0
        margin = engine.configuration.streamLookbehind + engine.table.maxContextWindow
        scratch.collector.reset()
        scratch.resumes.update(repeating: Int.min)
        guard let database else { return }
        var handle: OpaquePointer?
        let rc = hs_open_stream(database.handle, 0, &handle)
        guard rc == HS_SUCCESS, let handle else {
            engine.returnStreamScratch(scratch)
            throw EngineError(.scanFailed, "could not open a Hyperscan stream (error \(rc))")
        }
        stream = handle
    }

    deinit {
        if let stream { hs_close_stream(stream, nil, nil, nil) }
        engine.returnStreamScratch(scratch)
    }

    /// Scans the next chunk; returns findings that no later byte can change.
    public func write(_ chunk: UnsafeRawBufferPointer) throws(EngineError) -> [Finding] {
        guard open else { throw EngineError(.streamClosed, "write after finish: the stream is closed") }
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return [] }
        buffer.append(contentsOf: chunk)
        var offset = 0
        while let stream, offset < chunk.count {
            // Hyperscan takes 32-bit lengths; slicing a stream loses nothing.
            let length = min(chunk.count - offset, 1 << 30)
            let rc = hs_scan_stream(
                stream, (base + offset).assumingMemoryBound(to: CChar.self), UInt32(length), 0, scratch.hsScratch,
                collectCandidate, Unmanaged.passUnretained(scratch.collector).toOpaque())
            guard rc == HS_SUCCESS else { throw EngineError(.scanFailed, "Hyperscan stream scan failed with error \(rc)") }
            offset += length
        }
        byteCount += chunk.count
        proposeDigitRuns(final: false)
        scratch.collector.closeSettled(bufferedEnd: byteCount, lookahead: engine.configuration.streamLookahead)
        confirmClosed()
        confirmOpenPrefixes()
        // No later finding can start before this point (a digit run still growing may hold one).
        let horizon = min(scratch.collector.lowestOpenStart, byteCount + 1 - maxWindow, digitResume - 1)
        let final = takeFinal(before: horizon)
        trim(keepingFrom: horizon - margin)
        return final
    }

    /// Scans the next chunk.
    public func write(_ chunk: [UInt8]) throws(EngineError) -> [Finding] {
        try chunk.withUnsafeBytes { bytes in Result { () throws(EngineError) in try write(bytes) } }.get()
    }

    /// Scans the next chunk of text.
    public func write(_ chunk: String) throws(EngineError) -> [Finding] {
        try write(Array(chunk.utf8))
    }

    /// Ends the stream and returns the remaining findings. The stream cannot be written afterwards.
    public func finish() throws(EngineError) -> [Finding] {
        guard open else { throw EngineError(.streamClosed, "finish called twice: the stream is closed") }
        open = false
        if let stream {
            self.stream = nil
            let rc = hs_close_stream(
                stream, scratch.hsScratch, collectCandidate, Unmanaged.passUnretained(scratch.collector).toOpaque())
            guard rc == HS_SUCCESS else { throw EngineError(.scanFailed, "Hyperscan stream close failed with error \(rc)") }
        }
        proposeDigitRuns(final: true)
        scratch.collector.closeAll()
        confirmClosed()
        return takeFinal(before: Int.max)
    }

    /// Bytes currently held for patterns that may still complete (bounded by the longest window).
    public var retainedBytes: Int { buffer.count }

    /// Runs the digit-run scanner over the data not yet seen by it; a run reaching the end waits for more.
    private func proposeDigitRuns(final: Bool) {
        guard !engine.table.digits.isEmpty else {
            digitResume = byteCount
            return
        }
        buffer.withUnsafeBytes { subject in
            let resume = engine.table.digits.propose(
                in: subject, from: digitResume - bufferBase, base: bufferBase, final: final, scratch: scratch.digits,
                collector: scratch.collector)
            digitResume = bufferBase + resume
        }
    }

    private func confirmClosed() {
        let collector = scratch.collector
        guard !collector.closed.isEmpty else { return }
        let confirmer = Confirmer(table: engine.table)
        let resumes = scratch.resumes
        buffer.withUnsafeBytes { subject in
            for cluster in collector.closed
            where !confirmer.confirmInOrder(
                cluster, subject: subject, base: bufferBase, state: scratch.pcre, resumes: resumes, into: &pending
            ).completed {
                limitHits += 1
            }
        }
        collector.closed.removeAll(keepingCapacity: true)
    }

    /// Dense input keeps a cluster open indefinitely (an email every 50 bytes merges them all), so
    /// open clusters are confirmed as far as no later byte can change: a match that starts more than
    /// the pattern's width plus the lookahead before the buffered end lies wholly in buffered data, and
    /// no earlier-starting match can end in data not yet seen.
    private func confirmOpenPrefixes() {
        let collector = scratch.collector
        let lookahead = engine.configuration.streamLookahead
        let confirmer = Confirmer(table: engine.table)
        buffer.withUnsafeBytes { subject in
            for cluster in collector.openClusters {
                let limit = min(cluster.last, byteCount - windows[cluster.pattern] - lookahead)
                guard limit >= cluster.start else { continue }
                let progress = confirmer.confirmInOrder(
                    cluster, startLimit: limit, subject: subject, base: bufferBase, state: scratch.pcre,
                    resumes: scratch.resumes, into: &pending)
                if !progress.completed { limitHits += 1 }
                collector.advanceOpen(pattern: cluster.pattern, to: progress.resume)
            }
        }
    }

    /// Removes and returns the resolved findings of every overlap group that ends before `horizon`.
    private func takeFinal(before horizon: Int) -> [Finding] {
        guard !pending.isEmpty else { return [] }
        pending.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        var final: [Finding] = []
        var kept: [Finding] = []
        var i = 0
        while i < pending.count {
            var j = i + 1
            var maxEnd = pending[i].end
            while j < pending.count && pending[j].start < maxEnd {
                maxEnd = max(maxEnd, pending[j].end)
                j += 1
            }
            if maxEnd <= horizon {
                var group = Array(pending[i..<j])
                OverlapResolver.resolve(&group)
                final += group
            } else {
                kept += pending[i..<j]
            }
            i = j
        }
        pending = kept
        return final
    }

    private func trim(keepingFrom absolute: Int) {
        let drop = absolute - bufferBase
        guard drop > 0 else { return }
        let n = min(drop, buffer.count)
        buffer.removeFirst(n)
        bufferBase += n
    }
}

extension Engine {
    /// Opens a stream scan. The stream-mode database is compiled on first use.
    public func makeStream() throws(EngineError) -> ScanStream {
        try ScanStream(engine: self)
    }
}
