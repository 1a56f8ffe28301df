/// Hyperscan's match callback target: groups candidate match ends per pattern into clusters.
///
/// Hyperscan reports only where a match may end. Two ends of one pattern closer than its maximum
/// width may belong to overlapping matches, so they are merged into one cluster; PCRE2 then runs once
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

    /// Per pattern: the merge window (its maximum width, capped).
    private let windows: UnsafeMutableBufferPointer<Int>
    /// Per pattern: how far before a candidate end its match may start (at most the window).
    private let reaches: UnsafeMutableBufferPointer<Int>
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

    init(windows: [Int], reaches: [Int]? = nil, tails: [Int]? = nil) {
        self.windows = .allocate(capacity: windows.count)
        _ = self.windows.initialize(from: windows)
        self.reaches = .allocate(capacity: windows.count)
        _ = self.reaches.initialize(from: reaches ?? windows)
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
        tails.deallocate()
        openFirst.deallocate()
        openLast.deallocate()
        openStart.deallocate()
    }

    func window(of pattern: Int) -> Int { windows[pattern] }

    @inline(__always)
    func add(pattern p: Int, end: Int) {
        let last = openLast[p]
        let w = windows[p]
        if last < 0 {
            openFirst[p] = end
            openLast[p] = end
            openStart[p] = end - reaches[p]
            touched.append(p)
            return
        }
        if end - w <= last && end + w >= openFirst[p] {
            if end > last { openLast[p] = end }
            if end < openFirst[p] { openFirst[p] = end }
        } else {
            closed.append(Cluster(pattern: p, start: openStart[p], last: last, first: openFirst[p]))
            openFirst[p] = end
            openLast[p] = end
            openStart[p] = end - reaches[p]
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
