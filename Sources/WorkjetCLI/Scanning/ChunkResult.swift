/// What scanning one chunk of a ``ChunkPlan`` produced, with positions relative to the chunk so that
/// chunks can be scanned in any order; ``ChunkMerger`` turns them into lines and columns in file order.
struct ChunkResult: Sendable {
    /// Where a finding lies among the core's newlines, and whether the baseline holds it.
    struct Place: Sendable {
        /// Newlines in the core before the finding.
        var newlinesBefore: Int
        /// Absolute offset of the first byte of the finding's line when that line starts in the core.
        var lineStart: Int?
        /// Whether the baseline holds its fingerprint.
        var inBaseline: Bool
    }

    /// The chunk's index in its plan.
    var index: Int
    /// Findings that start in the core, in offset order (absolute offsets; line and column 0 until merged,
    /// `workjet:allow` and the baseline not applied yet).
    var findings: [ReportedFinding] = []
    /// The place of each of ``findings`` (the same index). Apart from them so that the merger hands the
    /// findings on without copying each into a new array.
    var places: [Place] = []
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
