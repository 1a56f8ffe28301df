/// Shannon entropy of byte strings, used to tell random secrets from words and placeholders.
public enum Entropy {
    /// Bits of entropy per byte of `bytes` (0 for empty input, at most 8).
    public static func shannon(_ bytes: UnsafeRawBufferPointer) -> Double {
        guard !bytes.isEmpty else { return 0 }
        // H = log2(n) - (1/n) * sum(c * log2(c)) over the byte counts c. The pass that counts also lists
        // each distinct byte once, so the sum visits only those (with a second pass over every byte,
        // skipping the ones seen, entropy took 47 K of the sparse benchmark MiB's instructions; 46 K now,
        // the counters' zeroing included). The sum's order is the bytes' first appearance, as before,
        // so the result is the same to the last bit.
        let n = Double(bytes.count)
        let sum = bytes.count < Int(Int32.max)
            ? counting(bytes, as: Int32.self) { counts, distinct, kinds, _ in logSum(counts, distinct, kinds) }
            : counting(bytes, as: Int.self) { counts, distinct, kinds, _ in logSum(counts, distinct, kinds) }
        return max(0, log2Count(bytes.count) - sum / n)
    }

    /// `shannon(bytes) < floor`, the same answer for every input, mostly without the sum: the entropy is
    /// at most `log2(k)` for `k` distinct bytes and at least `log2(n / m)` for `n` bytes of which the
    /// commonest occurs `m` times, so a floor that one of these bounds clears by more than rounding could
    /// ever move decides alone (placeholders such as `changeme` fall below the first, long random tokens
    /// clear the second). The entropy floors of the secret detectors ask this for every candidate value.
    public static func isBelow(_ floor: Double, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty, bytes.count < countLog2Count.count else { return shannon(bytes) < floor }
        return counting(bytes, as: UInt16.self) { counts, distinct, kinds, top in
            // Far beyond the rounding error of the sum below: under 1024 bytes, at most 256 additions to a
            // sum below 1e4, so about 1e-12 bits at most once divided by the length.
            let margin = 1e-9
            let log2n = log2Count(bytes.count)
            if log2Count(kinds) < floor - margin { return true }
            if log2n - log2Count(Int(top)) > floor + margin { return false }
            // Undecided: the sum exactly as `shannon` forms it (same terms, same order).
            return max(0, log2n - logSum(counts, distinct, kinds) / Double(bytes.count)) < floor
        }
    }

    /// `log2(n)`, from a table below 1,024 (the same values the C library gives).
    @inline(__always)
    private static func log2Count(_ n: Int) -> Double {
        n < log2Table.count ? log2Table[n] : log2(Double(n))
    }

    private static let log2Table: [Double] = (0..<1024).map { log2(Double($0)) }

    /// Counts the byte values of `bytes` in one pass (`Counter` must hold `bytes.count`) and calls `body` with
    /// the counts, the distinct values in order of first appearance, how many there are, and the largest count.
    @inline(__always)
    private static func counting<Counter: FixedWidthInteger, Result>(
        _ bytes: UnsafeRawBufferPointer, as counter: Counter.Type,
        _ body: (UnsafeMutableBufferPointer<Counter>, UnsafeMutableBufferPointer<UInt8>, Int, Counter) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: Counter.self, capacity: 256) { counts in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { distinct in
                counts.initialize(repeating: 0)
                var kinds = 0
                var top: Counter = 0
                for b in bytes {
                    let c = counts[Int(b)] &+ 1
                    if c == 1 {
                        distinct[kinds] = b
                        kinds += 1
                    }
                    counts[Int(b)] = c
                    top = max(top, c)
                }
                return body(counts, distinct, kinds, top)
            }
        }
    }

    /// `sum(c * log2(c))` over the counts of the `kinds` distinct values, in their order.
    @inline(__always)
    private static func logSum<Counter: FixedWidthInteger>(
        _ counts: UnsafeMutableBufferPointer<Counter>, _ distinct: UnsafeMutableBufferPointer<UInt8>, _ kinds: Int
    ) -> Double {
        countLog2Count.withUnsafeBufferPointer { table in
            var sum = 0.0
            for k in 0..<kinds {
                let c = Int(counts[Int(distinct[k])])
                sum += c < table.count ? table[c] : Double(c) * log2(Double(c))
            }
            return sum
        }
    }

    /// `c * log2(c)` for the counts values usually have (secrets are at most a few hundred bytes).
    private static let countLog2Count: [Double] = (0..<1024).map { $0 < 2 ? 0 : Double($0) * log2(Double($0)) }

    /// Bits of entropy per byte of a string's UTF-8.
    public static func shannon(_ string: String) -> Double {
        var s = string
        return s.withUTF8 { shannon(UnsafeRawBufferPointer($0)) }
    }

    private static func log2(_ x: Double) -> Double {
        // Foundation-free log2 via the natural log series would be slow; the C library is always there.
        _log2(x)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log2(_ x: Double) -> Double { Glibc.log2(x) }
#elseif canImport(Musl)
import Musl
@inline(__always) private func _log2(_ x: Double) -> Double { Musl.log2(x) }
#else
import Darwin
@inline(__always) private func _log2(_ x: Double) -> Double { Darwin.log2(x) }
#endif
