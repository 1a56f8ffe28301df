#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WorkjetDocuments
import WorkjetEngine

extension FileScanner {
    /// A chunk plan when `target` is a plain regular file larger than one chunk (else it is scanned as a
    /// whole: standard input, compressed files, archives, binary files and small files).
    func chunkPlan(for target: ScanTarget) -> ChunkPlan? {
        guard splitsLargeFiles, !target.isStandardInput, target.size > chunkSize else { return nil }
        guard let reader = try? FileReader(path: target.path) else { return nil }
        var prefix = [UInt8](repeating: 0, count: 8192)
        guard let count = try? prefix.withUnsafeMutableBytes({ raw in
            Result { () throws(CLIError) in try reader.read(at: 0, into: raw) }
        }).get() else { return nil }
        guard DocumentFormat.sniff(prefix: prefix[0..<count], name: target.displayPath) == .plain,
            scanBinary || !prefix[0..<count].contains(0)
        else { return nil }
        return ChunkPlan(target: target, size: target.size, chunkSize: chunkSize, overlap: chunkOverlap)
    }

    /// The overlap a chunk needs: the stream scan's longest pattern window (unbounded patterns are cut to
    /// `streamUnboundedWindow`) plus its look-behind and look-ahead, doubled for the context detectors read
    /// around a match, and never under 64 KiB.
    static func overlap(for engine: Engine) -> Int {
        let configuration = engine.configuration
        return max(64 << 10, 2 * (configuration.streamUnboundedWindow + configuration.streamLookbehind + configuration.streamLookahead))
    }

    /// Reads chunk `index` of `plan` into `buffer` (grown once per worker) and scans it with one block scan.
    func scanChunk(_ plan: ChunkPlan, index: Int, buffer: inout [UInt8]) -> ChunkResult {
        var result = ChunkResult(index: index)
        let region = plan.region(index)
        if buffer.count < region.count { buffer = [UInt8](repeating: 0, count: plan.regionCapacity) }
        do throws(CLIError) {
            let reader = try FileReader(path: plan.target.path)
            let count = try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(CLIError) in
                    try reader.read(at: region.lowerBound, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<region.count]))
                }
            }.get()
            try buffer.withUnsafeBytes { raw in
                Result { () throws(CLIError) in
                    try scanRegion(UnsafeRawBufferPointer(rebasing: raw[0..<count]), plan: plan, index: index, into: &result)
                }
            }.get()
        } catch {
            result.failure = error.message
        }
        return result
    }

    private func scanRegion(_ bytes: UnsafeRawBufferPointer, plan: ChunkPlan, index: Int, into result: inout ChunkResult) throws(CLIError) {
        let origin = plan.region(index).lowerBound
        let core = plan.core(index)
        // A file that shrank since it was planned: scan what is left.
        let coreRange = (core.lowerBound - origin)..<max(core.lowerBound - origin, min(core.upperBound - origin, bytes.count))
        result.bytes = coreRange.count
        guard !coreRange.isEmpty else { return }
        let findings: [Finding]
        do { findings = try engine.scan(bytes) } catch { throw CLIError(.io, "scan failed: \(error)") }
        let owned = findings.filter { coreRange.contains($0.start) }
        var newlines = NewlineCounter(bytes: bytes, from: coreRange.lowerBound)
        let markers = AllowMarker.starts(in: bytes, range: coreRange)
        var nextMarker = 0
        // A copy of the path for this chunk: every finding holds a reference to it, and workers bumping the
        // reference count of one shared string from several cores would bounce its cache line between them.
        let file = String(decoding: Array(plan.target.displayPath.utf8), as: UTF8.self)
        let fingerprints = filter.fingerprinter.file(file, member: nil)
        // Sized once: grown by doubling, the findings array was copied a dozen times per chunk.
        result.findings.reserveCapacity(owned.count)
        result.places.reserveCapacity(owned.count)
        for policyFinding in ScanOutcome(findings: owned, policy: filter.policy).findings where filter.accepts(policyFinding.finding) {
            let local = policyFinding.finding
            while nextMarker < markers.count, markers[nextMarker] < local.start {
                newlines.advance(to: markers[nextMarker])
                result.markers.append(newlines.count)
                nextMarker += 1
            }
            newlines.advance(to: local.start)
            let value = UnsafeRawBufferPointer(rebasing: bytes[local.start..<min(local.end, bytes.count)])
            var absolute = policyFinding
            absolute.finding.start += origin
            absolute.finding.end += origin
            let candidate = filter.candidate(absolute, file: file, member: nil, value: value, fingerprints: fingerprints)
            result.findings.append(candidate.finding)
            result.places.append(ChunkResult.Place(
                newlinesBefore: newlines.count, lineStart: newlines.last.map { origin + $0 + 1 }, inBaseline: candidate.inBaseline))
        }
        for marker in markers[nextMarker...] {
            newlines.advance(to: marker)
            result.markers.append(newlines.count)
        }
        newlines.advance(to: coreRange.upperBound)
        result.newlines = newlines.count
        result.lastNewline = newlines.last.map { origin + $0 }
    }
}

/// Counts newlines from a start offset up to increasing offsets, remembering the last one.
///
/// Counts with vector compares rather than one `memchr` per newline: text lines are short, and a call
/// per line was 3 % of a chunked scan's profile.
struct NewlineCounter {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    var count = 0
    var last: Int?

    init(bytes: UnsafeRawBufferPointer, from start: Int) {
        self.bytes = bytes
        position = start
    }

    mutating func advance(to offset: Int) {
        guard offset > position, let base = bytes.baseAddress else { return }
        let range = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + position, count: offset - position)
        let found = Self.newlines(in: range)
        if found > 0 {
            count += found
            // The last one is on the line the scan ends on, at most a line's length back.
            var at = offset - 1
            while base.load(fromByteOffset: at, as: UInt8.self) != 0x0A { at -= 1 }
            last = at
        }
        position = offset
    }

    /// The number of newline bytes in `bytes`: sixteen bytes per compare, counted in byte lanes that are
    /// summed every 255 rounds (before they could wrap). 8 GB/s against 2.6 for the byte loop it
    /// replaced, which was 13 % of a large-file scan's samples once the engine got faster.
    static func newlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let newline = SIMD16<UInt8>(repeating: 0x0A), one = SIMD16<UInt8>(repeating: 1)
        var total = 0, i = 0
        while bytes.count - i >= 16 {
            var lanes = SIMD16<UInt8>()
            for _ in 0..<min((bytes.count - i) / 16, 255) {
                lanes &+= one.replacing(with: 0, where: raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) .!= newline)
                i += 16
            }
            total += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while i < bytes.count {
            if base[i] == 0x0A { total += 1 }
            i += 1
        }
        return total
    }
}
