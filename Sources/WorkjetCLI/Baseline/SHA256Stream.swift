import CWorkjetSHA256

/// SHA-256 as a plain value: the state words, the bytes of a partial block and the length so far, which
/// ``Fingerprinter`` copies for every finding from a state that already holds the HMAC key block and the
/// file's path.
///
/// swift-crypto's `SHA256` keeps its state in a class: a copy allocates a new one at its first update, and
/// finalising allocates and wipes again, which with its wrappers cost twice what its compressions did
/// (perf: 4.4 % of a run over 10,000 small files against 2.3 % in the SHA blocks). Here a copy is 112 bytes
/// on the stack and the blocks go to ``wj_sha256_blocks(_:_:_:_:)``, on the CPU's SHA instructions where
/// it has them. The digests are SHA-256's: the tests compare them with swift-crypto's.
struct SHA256Stream: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// The bytes of the block being filled (`buffered` of them).
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var buffered = 0
    private var length: UInt64 = 0
    /// Whether the SHA instructions are used (``hasHardware``, or false to test the portable variant).
    private let hardware: Bool

    /// Whether this CPU has SHA instructions.
    static let hasHardware = wj_sha256_has_hardware() != 0

    /// An empty hash.
    init(hardware: Bool = SHA256Stream.hasHardware) {
        self.hardware = hardware
    }

    /// Hashes `bytes` after what came before.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var next = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if buffered > 0 {
            let take = min(64 - buffered, remaining)
            withUnsafeMutableBytes(of: &block) { ($0.baseAddress! + buffered).copyMemory(from: next, byteCount: take) }
            buffered += take
            next += take
            remaining -= take
            guard buffered == 64 else { return }
            compressBlock()
            buffered = 0
        }
        if remaining >= 64 {
            let blocks = remaining / 64
            compress(next.assumingMemoryBound(to: UInt8.self), blocks: blocks)
            next += 64 * blocks
            remaining -= 64 * blocks
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: next, byteCount: remaining) }
            buffered = remaining
        }
    }

    /// Hashes a field of the fingerprint's message: its length as a 64-bit big-endian number, then its bytes,
    /// so that no two ways of splitting the fields give the same input.
    mutating func update(field bytes: UnsafeRawBufferPointer) {
        withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { update($0) }
        update(bytes)
    }

    /// ``update(field:)`` with a string's UTF-8.
    mutating func update(field text: String) {
        var text = text
        text.withUTF8 { update(field: UnsafeRawBufferPointer($0)) }
    }

    /// The digest of everything hashed (this value is left as it was).
    func finalized() -> SHA256Stream.Digest {
        var copy = self
        return copy.finish()
    }

    /// 32 digest bytes in order, as four words of memory (not numbers).
    typealias Digest = (UInt64, UInt64, UInt64, UInt64)

    private mutating func finish() -> Digest {
        // FIPS 180-4 padding: 0x80, zeros up to 8 bytes short of a block end, the length in bits.
        let bits = length &* 8, used = buffered
        withUnsafeMutableBytes(of: &block) { raw in
            raw[used] = 0x80
            (raw.baseAddress! + used + 1).initializeMemory(as: UInt8.self, repeating: 0, count: 63 - used)
        }
        if used >= 56 {
            compressBlock()
            withUnsafeMutableBytes(of: &block) { _ = $0.baseAddress!.initializeMemory(as: UInt8.self, repeating: 0, count: 56) }
        }
        withUnsafeMutableBytes(of: &block) { $0.storeBytes(of: bits.bigEndian, toByteOffset: 56, as: UInt64.self) }
        compressBlock()
        var digest: Digest = (0, 0, 0, 0)
        withUnsafeBytes(of: state) { words in
            withUnsafeMutableBytes(of: &digest) { out in
                for index in 0..<8 {
                    out.storeBytes(of: words.load(fromByteOffset: 4 * index, as: UInt32.self).bigEndian, toByteOffset: 4 * index, as: UInt32.self)
                }
            }
        }
        return digest
    }

    private mutating func compressBlock() {
        let hardware = hardware
        withUnsafeBytes(of: block) { raw in
            withUnsafeMutableBytes(of: &state) { words in
                wj_sha256_blocks(words.baseAddress!.assumingMemoryBound(to: UInt32.self), raw.baseAddress!.assumingMemoryBound(to: UInt8.self), 1, hardware ? 1 : 0)
            }
        }
    }

    private mutating func compress(_ data: UnsafePointer<UInt8>, blocks: Int) {
        let hardware = hardware
        withUnsafeMutableBytes(of: &state) { words in
            wj_sha256_blocks(words.baseAddress!.assumingMemoryBound(to: UInt32.self), data, blocks, hardware ? 1 : 0)
        }
    }
}
