import Synchronization
import WorkjetEngine

/// Puts the chunks of one file back in order as workers finish them: gives findings their line and column,
/// applies `workjet:allow` (a marker anywhere on a finding's line, which may lie in a later chunk, so findings
/// on a chunk's unfinished last line wait for the next newline) and the baseline, emits the findings in
/// offset order, and completes the file's ``FileResult`` when the last chunk is in.
///
/// Chunks are claimed in order, so at most one chunk per worker waits here out of order. A worker never
/// waits for another's merge: it leaves its chunk in the inbox, and whichever worker is merging takes it
/// (merging, emitting and formatting a chunk's findings costs a tenth of scanning it, time the other workers
/// used to spend blocked on the lock whenever two chunks finished together).
final class ChunkMerger: Sendable {
    private struct Inbox {
        /// Scanned chunks not merged yet, by index.
        var waiting: [Int: ChunkResult] = [:]
        /// The index of the next chunk to merge.
        var next = 0
        /// Whether a worker is merging (and will take every chunk that arrives in order meanwhile).
        var merging = false
    }

    private struct State {
        var result: FileResult
        /// Newlines before the next chunk's core, and the offset of the last of them.
        var newlines = 0
        var lastNewline = -1
        /// Findings on the line still open at the end of the chunks merged so far (lines and columns set).
        var held: [ReportedFinding] = []
        var heldPlaces: [ChunkResult.Place] = []
        var allowedLines: Set<Int> = []
        var counts: [String: Int] = [:]
        var strongest: Action?
    }

    private let plan: ChunkPlan
    private let retainFindings: Bool
    private let emit: @Sendable (ArraySlice<ReportedFinding>) -> Void
    private let complete: @Sendable (FileResult) -> Void
    private let inbox = Mutex(Inbox())
    /// Only the merging worker touches it.
    private let state: Mutex<State>

    /// `emit` receives each chunk's findings in file order; `complete` the file's result after the last chunk.
    /// Both are called from the merging worker, one call at a time.
    init(
        plan: ChunkPlan, retainFindings: Bool, emit: @escaping @Sendable (ArraySlice<ReportedFinding>) -> Void,
        complete: @escaping @Sendable (FileResult) -> Void
    ) {
        self.plan = plan
        self.retainFindings = retainFindings
        self.emit = emit
        self.complete = complete
        var result = FileResult(target: plan.target)
        result.scanned = true
        state = Mutex(State(result: result))
    }

    /// Adds a scanned chunk; merges it and every chunk now in order unless another worker is merging, which
    /// then does so.
    func add(_ chunk: consuming ChunkResult) {
        // Moved, never copied, on its way to the merge, which then owns the chunk's arrays and sets lines
        // and columns in place.
        var incoming: ChunkResult? = consume chunk
        let mergesHere = inbox.withLock { inbox in
            let index = incoming!.index
            inbox.waiting[index] = incoming.take()
            guard !inbox.merging else { return false }
            inbox.merging = true
            return true
        }
        guard mergesHere else { return }
        while true {
            // Checking for more work and giving up the merger role happen under one lock, so a chunk that
            // arrives just after is merged by the worker that brought it.
            var ready = inbox.withLock { inbox -> [ChunkResult] in
                var ready: [ChunkResult] = []
                while let chunk = inbox.waiting.removeValue(forKey: inbox.next) {
                    ready.append(chunk)
                    inbox.next += 1
                }
                if ready.isEmpty { inbox.merging = false }
                return ready
            }
            guard let last = ready.last?.index else { return }
            state.withLock { state in
                for position in ready.indices {
                    var chunk = ChunkResult(index: -1)
                    swap(&chunk, &ready[position])
                    merge(&chunk, into: &state)
                }
                guard last == plan.count - 1 else { return }
                var held: [ReportedFinding] = []
                swap(&held, &state.held)
                let places = state.heldPlaces
                report(&held, places: places, upTo: held.count, in: &state)
                state.result.countsByType = state.counts
                state.result.strongestAction = state.strongest
                complete(state.result)
            }
        }
    }

    private func merge(_ chunk: inout ChunkResult, into state: inout State) {
        state.result.bytes += chunk.bytes
        if let failure = chunk.failure, state.result.failures.isEmpty {
            state.result.failures.append(FileFailure(displayPath: plan.target.displayPath, message: failure))
        }
        for marker in chunk.markers { state.allowedLines.insert(state.newlines + marker + 1) }
        // Set in place: a copy of every finding (and of its strings' references) into a ready or an open
        // list was 2 % of a large file's scan. Places never decrease, so the findings on the chunk's
        // unfinished last line are a suffix, from `open` on.
        let firstLine = state.newlines + 1, carriedLineStart = state.lastNewline + 1
        var open = chunk.findings.count
        for index in chunk.places.indices {
            let place = chunk.places[index]
            chunk.findings[index].line = firstLine + place.newlinesBefore
            chunk.findings[index].column = chunk.findings[index].start - (place.lineStart ?? carriedLineStart) + 1
            if open == chunk.findings.count, place.newlinesBefore >= chunk.newlines { open = index }
        }
        state.newlines += chunk.newlines
        if let last = chunk.lastNewline { state.lastNewline = last }
        guard chunk.newlines > 0 else {
            state.held += chunk.findings
            state.heldPlaces += chunk.places
            return
        }
        // The held findings' line ended in this chunk: every marker on it is known now. They go out before
        // this chunk's findings, in the order a sequential scan reports them.
        var held: [ReportedFinding] = []
        swap(&held, &state.held)
        let heldPlaces = state.heldPlaces
        report(&held, places: heldPlaces, upTo: held.count, in: &state)
        report(&chunk.findings, places: chunk.places, upTo: open, in: &state)
        held.removeAll(keepingCapacity: true)
        held += chunk.findings[open...]
        state.held = held
        state.heldPlaces.removeAll(keepingCapacity: true)
        state.heldPlaces += chunk.places[open...]
    }

    /// Applies `workjet:allow`, then the baseline (the order a sequential scan counts them in), to
    /// `findings[..<end]`, then emits (and keeps, if asked) those left. They are moved to the front of the
    /// range rather than copied out.
    private func report(_ findings: inout [ReportedFinding], places: [ChunkResult.Place], upTo end: Int, in state: inout State) {
        var kept = 0
        for index in 0..<end {
            if !state.allowedLines.isEmpty, state.allowedLines.contains(findings[index].line) {
                state.result.suppressedInline += 1
            } else if places[index].inBaseline {
                state.result.suppressedBaseline += 1
            } else {
                state.counts[findings[index].type, default: 0] += 1
                state.strongest = max(state.strongest ?? .allow, findings[index].action)
                if kept != index { findings.swapAt(kept, index) }
                kept += 1
            }
        }
        guard kept > 0 else { return }
        emit(findings[..<kept])
        if retainFindings { state.result.findings += findings[..<kept] }
    }
}
