/// What scanning one chunk of a ``ChunkPlan`` produced, with positions relative to the chunk so that
/// chunks can be scanned in any order; ``ChunkMerger`` turns them into lines and columns in file order.
struct ChunkResult: Sendable {
    /// A finding in the chunk's core, not yet given its line and column nor checked for `workjet:allow`.
    struct Candidate: Sendable {
        /// The finding (absolute offsets; line and column 0).
        var finding: ReportedFinding
        /// Newlines in the core before the finding.
        var newlinesBefore: Int
        /// Absolute offset of the first byte of the finding's line when that line starts in the core.
        var lineStart: Int?
        /// Whether the baseline holds its fingerprint.
        var inBaseline: Bool
    }

    /// The chunk's index in its plan.
    var index: Int
    /// Findings that start in the core, in offset order.
    var candidates: [Candidate] = []
    /// For each `workjet:allow` marker starting in the core, the newlines in the core before it.
    var markers: [Int] = []
    /// Newlines in the core.
    var newlines = 0
    /// Absolute offset of the core's last newline.
    var lastNewline: Int?
    /// Bytes of the core scanned.
    var bytes = 0
    /// Why the chunk could not be scanned.
    var failure: String?
}
