/// Shannon entropy of byte strings, used to tell random secrets from words and placeholders.
public enum Entropy {
    /// Bits of entropy per byte of `bytes` (0 for empty input, at most 8).
    public static func shannon(_ bytes: UnsafeRawBufferPointer) -> Double {
        guard !bytes.isEmpty else { return 0 }
        // H = log2(n) - (1/n) * sum(c * log2(c)) over the byte counts c. The second pass visits each
        // distinct byte once (its count is zeroed when used), so no pass over all 256 counters is needed.
        let table = countLog2Count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            for b in bytes { counts[Int(b)] += 1 }
            var sum = 0.0
            for b in bytes {
                let c = Int(counts[Int(b)])
                guard c > 0 else { continue }
                counts[Int(b)] = 0
                sum += c < table.count ? table[c] : Double(c) * log2(Double(c))
            }
            let n = Double(bytes.count)
            return max(0, log2(n) - sum / n)
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
