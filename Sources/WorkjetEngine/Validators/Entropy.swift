/// Shannon entropy of byte strings, used to tell random secrets from words and placeholders.
public enum Entropy {
    /// Bits of entropy per byte of `bytes` (0 for empty input, at most 8).
    public static func shannon(_ bytes: UnsafeRawBufferPointer) -> Double {
        guard !bytes.isEmpty else { return 0 }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            for b in bytes { counts[Int(b)] += 1 }
            let n = Double(bytes.count)
            var h = 0.0
            for c in counts where c > 0 {
                let p = Double(c) / n
                h -= p * log2(p)
            }
            return h
        }
    }

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
