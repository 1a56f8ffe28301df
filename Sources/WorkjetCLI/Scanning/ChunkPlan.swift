/// How a large plain file is split for scanning in parallel: consecutive cores of `chunkSize` bytes, each
/// scanned as a region that extends `overlap` bytes into its neighbours. A chunk reports exactly the
/// findings that start in its core, so every finding comes from the one scan that saw at least `overlap`
/// bytes on either side of it, which is how the chunks together equal one sequential scan.
struct ChunkPlan: Sendable {
    /// The file.
    var target: ScanTarget
    /// Its size when planned (bytes appended later are not scanned).
    var size: Int
    /// Bytes per core.
    var chunkSize: Int
    /// Context each region has beyond its core, on both sides.
    var overlap: Int

    /// Number of chunks.
    var count: Int { max(1, (size + chunkSize - 1) / chunkSize) }

    /// The bytes chunk `index` reports findings for.
    func core(_ index: Int) -> Range<Int> {
        (index * chunkSize)..<min(size, (index + 1) * chunkSize)
    }

    /// The bytes chunk `index` scans.
    func region(_ index: Int) -> Range<Int> {
        let core = core(index)
        return max(0, core.lowerBound - overlap)..<min(size, core.upperBound + overlap)
    }

    /// The largest region, the read buffer a worker needs.
    var regionCapacity: Int { min(size, chunkSize + 2 * overlap) }
}
