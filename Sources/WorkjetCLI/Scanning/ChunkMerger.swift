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
        /// Findings on the line still open at the end of the chunks merged so far.
        var held: [ChunkResult.Candidate] = []
        var allowedLines: Set<Int> = []
        var counts: [String: Int] = [:]
        var strongest: Action?
    }

    private let plan: ChunkPlan
    private let retainFindings: Bool
    private let emit: @Sendable ([ReportedFinding]) -> Void
    private let complete: @Sendable (FileResult) -> Void
    private let inbox = Mutex(Inbox())
    /// Only the merging worker touches it.
    private let state: Mutex<State>

    /// `emit` receives each chunk's findings in file order; `complete` the file's result after the last chunk.
    /// Both are called from the merging worker, one call at a time.
    init(
        plan: ChunkPlan, retainFindings: Bool, emit: @escaping @Sendable ([ReportedFinding]) -> Void,
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
    func add(_ chunk: ChunkResult) {
        let mergesHere = inbox.withLock { inbox in
            inbox.waiting[chunk.index] = chunk
            guard !inbox.merging else { return false }
            inbox.merging = true
            return true
        }
        guard mergesHere else { return }
        while true {
            // Checking for more work and giving up the merger role happen under one lock, so a chunk that
            // arrives just after is merged by the worker that brought it.
            let ready = inbox.withLock { inbox -> [ChunkResult] in
                var ready: [ChunkResult] = []
                while let chunk = inbox.waiting.removeValue(forKey: inbox.next) {
                    ready.append(chunk)
                    inbox.next += 1
                }
                if ready.isEmpty { inbox.merging = false }
                return ready
            }
            guard !ready.isEmpty else { return }
            state.withLock { state in
                for chunk in ready { merge(chunk, into: &state) }
                guard ready.last!.index == plan.count - 1 else { return }
                let held = state.held
                state.held = []
                emit(decide(held, in: &state))
                state.result.countsByType = state.counts
                state.result.strongestAction = state.strongest
                complete(state.result)
            }
        }
    }

    private func merge(_ chunk: ChunkResult, into state: inout State) {
        state.result.bytes += chunk.bytes
        if let failure = chunk.failure, state.result.failures.isEmpty {
            state.result.failures.append(FileFailure(displayPath: plan.target.displayPath, message: failure))
        }
        for marker in chunk.markers { state.allowedLines.insert(state.newlines + marker + 1) }
        var ready: [ChunkResult.Candidate] = []
        var open: [ChunkResult.Candidate] = []
        for var candidate in chunk.candidates {
            let lineStart = candidate.lineStart ?? (state.lastNewline + 1)
            candidate.finding.line = state.newlines + candidate.newlinesBefore + 1
            candidate.finding.column = candidate.finding.start - lineStart + 1
            if candidate.newlinesBefore < chunk.newlines { ready.append(candidate) } else { open.append(candidate) }
        }
        if chunk.newlines > 0 {
            // The held findings' line ended in this chunk: every marker on it is known now.
            ready = state.held + ready
            state.held = open
        } else {
            state.held += open
        }
        state.newlines += chunk.newlines
        if let last = chunk.lastNewline { state.lastNewline = last }
        let decided = decide(ready, in: &state)
        if !decided.isEmpty { emit(decided) }
    }

    /// Applies `workjet:allow`, then the baseline (the order a sequential scan counts them in).
    private func decide(_ candidates: [ChunkResult.Candidate], in state: inout State) -> [ReportedFinding] {
        var reported: [ReportedFinding] = []
        for candidate in candidates {
            if state.allowedLines.contains(candidate.finding.line) {
                state.result.suppressedInline += 1
            } else if candidate.inBaseline {
                state.result.suppressedBaseline += 1
            } else {
                reported.append(candidate.finding)
                state.counts[candidate.finding.type, default: 0] += 1
                state.strongest = max(state.strongest ?? .allow, candidate.finding.action)
                if retainFindings { state.result.findings.append(candidate.finding) }
            }
        }
        return reported
    }
}
