/// Bounds on what extracting one document may cost, so that a zip bomb or a deep nest of archives
/// is reported instead of exhausting memory or disk.
public struct ExtractionLimits: Sendable, Hashable {
    /// How many archive levels are opened: 1 reads the members of a zip, 2 also the members of a zip
    /// inside it, and so on. Default 3.
    public var maxDepth = 3
    /// Largest allowed ratio of expanded to compressed bytes, checked once a member or stream has
    /// expanded past ``ratioFloorBytes``. Default 200 (text rarely compresses better than 20:1).
    public var maxExpansionRatio = 200.0
    /// Expansion below this many bytes is never judged by ratio. Default 1 MiB.
    public var ratioFloorBytes = 1 << 20
    /// Expanded bytes allowed for one top-level document, all members and levels together. Default 1 GiB.
    public var maxTotalBytes = 1 << 30
    /// Largest archive member held in memory for extraction. Default 128 MiB.
    public var maxMemberBytes = 128 << 20
    /// Most members read from one document, all levels together. Default 10,000.
    public var maxMembers = 10_000

    /// The defaults.
    public init() {}

    /// Throws ``DocumentError/Code/zipBomb`` when `expanded` bytes from `compressed` break a limit.
    func checkExpansion(expanded: Int, compressed: Int, total: Int, member: String?) throws(DocumentError) {
        if total > maxTotalBytes {
            throw DocumentError(
                .zipBomb, "expands past \(maxTotalBytes) bytes (ExtractionLimits.maxTotalBytes); not scanned further",
                member: member)
        }
        if expanded > ratioFloorBytes, Double(expanded) > Double(max(compressed, 1)) * maxExpansionRatio {
            throw DocumentError(
                .zipBomb,
                "expands more than \(Int(maxExpansionRatio))x (\(compressed) to over \(expanded) bytes); not scanned further",
                member: member)
        }
    }
}
