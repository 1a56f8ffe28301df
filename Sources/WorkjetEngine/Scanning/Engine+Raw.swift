import CHyperscan

extension Engine {
    /// Runs only Hyperscan over `bytes` with the engine's own block database and a callback that
    /// just counts candidate ends: the throughput ceiling that a full ``scan(_:)-(UnsafeRawBufferPointer)``
    /// is measured against. Returns the number of candidate ends.
    public func rawHyperscanScan(_ bytes: UnsafeRawBufferPointer) throws(EngineError) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count <= Int(UInt32.max), let blockDatabase else { return 0 }
        let scratch = try takeBlockScratch()
        defer { returnBlockScratch(scratch) }
        var count = 0
        let rc = withUnsafeMutablePointer(to: &count) { counter in
            hs_scan(
                blockDatabase.handle, base.assumingMemoryBound(to: CChar.self), UInt32(bytes.count), 0, scratch.hsScratch,
                { _, _, _, _, context in
                    context!.assumingMemoryBound(to: Int.self).pointee += 1
                    return 0
                }, counter)
        }
        guard rc == HS_SUCCESS else { throw EngineError(.scanFailed, "Hyperscan scan failed with error \(rc)") }
        return count
    }

    /// The candidate stage of a scan without confirmation: Hyperscan (as ``rawHyperscanScan(_:)``) plus the
    /// digit-run scanner proposing candidates for the digit patterns, without the detector checks it makes
    /// on single-group runs in a scan (those count as confirmation). Returns the number of candidate clusters.
    public func rawCandidateScan(_ bytes: UnsafeRawBufferPointer) throws(EngineError) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count <= Int(UInt32.max) else { return 0 }
        let scratch = try takeBlockScratch()
        defer { returnBlockScratch(scratch) }
        try collectCandidates(bytes, base: base, scratch: scratch, checkingGroups: false)
        return scratch.collector.closed.count
    }
}
