/// Hyperscan's match callback target: groups candidate match ends per pattern into clusters.
///
/// Hyperscan reports only where a match may end. Two ends of one pattern closer than its maximum
/// width may belong to overlapping matches, so they are merged into one cluster; PCRE2 then runs once
/// over each cluster's window. Memory is bounded by the number of clusters, not of candidates (a
/// long digit run yields thousands of ends but one cluster).
final class ClusterCollector {
    struct Cluster: Comparable {
        var pattern: Int
        var first: Int
        var last: Int
        static func < (a: Cluster, b: Cluster) -> Bool { (a.pattern, a.first) < (b.pattern, b.first) }
    }

    /// Per pattern: the merge window (its maximum width, capped).
    private let windows: UnsafeMutableBufferPointer<Int>
    private let openFirst: UnsafeMutableBufferPointer<Int>
    private let openLast: UnsafeMutableBufferPointer<Int>
    /// Patterns with an open cluster.
    private(set) var touched: [Int] = []
    /// Clusters that can no longer grow.
    var closed: [Cluster] = []

    init(windows: [Int]) {
        self.windows = .allocate(capacity: windows.count)
        _ = self.windows.initialize(from: windows)
        openFirst = .allocate(capacity: windows.count)
        openFirst.initialize(repeating: -1)
        openLast = .allocate(capacity: windows.count)
        openLast.initialize(repeating: -1)
    }

    deinit {
        windows.deallocate()
        openFirst.deallocate()
        openLast.deallocate()
    }

    func window(of pattern: Int) -> Int { windows[pattern] }

    @inline(__always)
    func add(pattern p: Int, end: Int) {
        let last = openLast[p]
        if last < 0 {
            openFirst[p] = end
            openLast[p] = end
            touched.append(p)
            return
        }
        let w = windows[p]
        if end - w <= last && end + w >= openFirst[p] {
            if end > last { openLast[p] = end }
            if end < openFirst[p] { openFirst[p] = end }
        } else {
            closed.append(Cluster(pattern: p, first: openFirst[p], last: last))
            openFirst[p] = end
            openLast[p] = end
        }
    }

    /// Closes every open cluster (end of input).
    func closeAll() {
        for p in touched {
            closed.append(Cluster(pattern: p, first: openFirst[p], last: openLast[p]))
            openFirst[p] = -1
            openLast[p] = -1
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Closes the clusters that no future candidate can join and whose lookahead is buffered.
    /// Returns the smallest confirmation-window start among clusters still open (or `Int.max`).
    func closeSettled(bufferedEnd: Int, lookahead: Int) -> Int {
        var lowestOpenStart = Int.max
        var keep = 0
        for i in touched.indices {
            let p = touched[i]
            let w = windows[p], last = openLast[p]
            if bufferedEnd + 1 - w > last && bufferedEnd >= last + lookahead {
                closed.append(Cluster(pattern: p, first: openFirst[p], last: last))
                openFirst[p] = -1
                openLast[p] = -1
            } else {
                touched[keep] = p
                keep += 1
                lowestOpenStart = min(lowestOpenStart, openFirst[p] - w)
            }
        }
        touched.removeLast(touched.count - keep)
        return lowestOpenStart
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
