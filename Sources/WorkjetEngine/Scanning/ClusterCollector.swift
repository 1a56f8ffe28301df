/// Hyperscan's match callback target: groups candidate match ends per pattern into clusters.
///
/// Hyperscan reports only where a match may end. Ends of one pattern whose possible match starts
/// meet or overlap are merged into one cluster (see ``add(pattern:end:)``); PCRE2 then runs once
/// over each cluster's window. Memory is bounded by the number of clusters, not of candidates (a
/// long digit run yields thousands of ends but one cluster).
final class ClusterCollector {
    struct Cluster {
        var pattern: Int
        /// Where PCRE2 starts: the first end minus the pattern's width, or where an earlier partial
        /// confirmation of this cluster stopped.
        var start: Int
        /// The last candidate end: matches must start at or before it.
        var last: Int
        /// The first candidate end (equal to `last` when the cluster holds one end).
        var first: Int
    }

    /// Per pattern: its maximum width (capped): once the buffered input is this far past a cluster's last
    /// end, no later end can join the cluster (``closeSettled(bufferedEnd:lookahead:)``).
    private let windows: UnsafeMutableBufferPointer<Int>
    /// Per pattern: how far before a candidate end its match may start (at most the window).
    private let reaches: UnsafeMutableBufferPointer<Int>
    /// Per pattern: how close an end must be to an open cluster's to join it (``add(pattern:end:)``).
    private let merges: UnsafeMutableBufferPointer<Int>
    /// Per pattern: how far past a candidate end its match may still go (a candidate expression may end
    /// inside the match), so how much a stream must buffer beyond it before confirming.
    private let tails: UnsafeMutableBufferPointer<Int>
    private let openFirst: UnsafeMutableBufferPointer<Int>
    private let openLast: UnsafeMutableBufferPointer<Int>
    private let openStart: UnsafeMutableBufferPointer<Int>
    // Both arrays are only touched by the one scan that owns this collector (a scratch space is never
    // shared), so the runtime's exclusivity check on each access is skipped: it was 1.7 % of scanning
    // 4 KB requests.
    /// Patterns with an open cluster.
    @exclusivity(unchecked) private(set) var touched: [Int] = []
    /// Clusters that can no longer grow.
    @exclusivity(unchecked) var closed: [Cluster] = []

    /// Creates a collector; `wholeInput` when the scan holds all of its input (block scans), not a stream.
    init(windows: [Int], reaches: [Int]? = nil, tails: [Int]? = nil, wholeInput: Bool = false) {
        self.windows = .allocate(capacity: windows.count)
        _ = self.windows.initialize(from: windows)
        self.reaches = .allocate(capacity: windows.count)
        _ = self.reaches.initialize(from: reaches ?? windows)
        merges = .allocate(capacity: windows.count)
        _ = merges.initialize(from: wholeInput ? (reaches ?? windows) : windows)
        self.tails = .allocate(capacity: windows.count)
        _ = self.tails.initialize(from: tails ?? Array(repeating: 0, count: windows.count))
        openFirst = .allocate(capacity: windows.count)
        openFirst.initialize(repeating: -1)
        openLast = .allocate(capacity: windows.count)
        openLast.initialize(repeating: -1)
        openStart = .allocate(capacity: windows.count)
        openStart.initialize(repeating: 0)
    }

    deinit {
        windows.deallocate()
        reaches.deallocate()
        merges.deallocate()
        tails.deallocate()
        openFirst.deallocate()
        openLast.deallocate()
        openStart.deallocate()
    }

    func window(of pattern: Int) -> Int { windows[pattern] }

    /// Adds a candidate end: it joins the pattern's open cluster when it is within the pattern's merge
    /// distance of the cluster's ends, else it opens a new cluster.
    ///
    /// With the whole input in memory the merge distance is the reach: the end joins when the starts it
    /// stands for (from `end - reach` to `end`) meet or overlap the cluster's. Exact: every match starts
    /// at most `reach` before one of its candidate ends, so no match can start in the gap between two
    /// clusters, and a match that runs on past its cluster's last end into the next cluster is not found
    /// twice (``Confirmer/confirmInOrder(_:startLimit:subject:base:state:resumes:into:)`` starts the next
    /// cluster after it). Merging by the pattern's whole width made PCRE2 walk the gap between two JSON
    /// web tokens 5 KB apart, start position by start position (dense MiB: 28.9 M → 28.5 M instructions).
    /// A stream merges by the width: a cluster that a later end closes must have its lookahead buffered,
    /// which an end one width later guarantees (``closeSettled(bufferedEnd:lookahead:)`` closes the rest).
    @inline(__always)
    func add(pattern p: Int, end: Int) {
        let last = openLast[p]
        let r = reaches[p], m = merges[p]
        if last < 0 {
            openFirst[p] = end
            openLast[p] = end
            openStart[p] = end - r
            touched.append(p)
            return
        }
        if end - m <= last && end + m >= openFirst[p] {
            if end > last { openLast[p] = end }
            if end < openFirst[p] {
                openFirst[p] = end
                openStart[p] = min(openStart[p], end - r)
            }
        } else {
            closed.append(Cluster(pattern: p, start: openStart[p], last: last, first: openFirst[p]))
            openFirst[p] = end
            openLast[p] = end
            openStart[p] = end - r
        }
    }

    /// Closes every open cluster (end of input).
    func closeAll() {
        for p in touched {
            closed.append(Cluster(pattern: p, start: openStart[p], last: openLast[p], first: openFirst[p]))
            openFirst[p] = -1
            openLast[p] = -1
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Closes the clusters that no future candidate can join and whose lookahead is buffered.
    func closeSettled(bufferedEnd: Int, lookahead: Int) {
        var keep = 0
        for i in touched.indices {
            let p = touched[i]
            let w = windows[p], last = openLast[p]
            if bufferedEnd + 1 - w > last && bufferedEnd >= last + lookahead + tails[p] {
                closed.append(Cluster(pattern: p, start: openStart[p], last: last, first: openFirst[p]))
                openFirst[p] = -1
                openLast[p] = -1
            } else {
                touched[keep] = p
                keep += 1
            }
        }
        touched.removeLast(touched.count - keep)
    }

    /// The clusters still open, for partial confirmation.
    var openClusters: [Cluster] {
        touched.map { Cluster(pattern: $0, start: openStart[$0], last: openLast[$0], first: openFirst[$0]) }
    }

    /// Records that an open cluster was confirmed up to `start` (exclusive of later matches).
    func advanceOpen(pattern p: Int, to start: Int) {
        if openLast[p] >= 0 && start > openStart[p] { openStart[p] = start }
    }

    /// The smallest confirmation start among open clusters (`Int.max` if none).
    var lowestOpenStart: Int {
        touched.reduce(Int.max) { min($0, openStart[$1]) }
    }

    func reset() {
        for p in touched {
            openFirst[p] = -1
            openLast[p] = -1
        }
        touched.removeAll(keepingCapacity: true)
        closed.removeAll(keepingCapacity: true)
    }
}
