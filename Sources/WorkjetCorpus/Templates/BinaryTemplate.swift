/// Binary data: random bytes (compressed or encrypted content) with the printable strings that real
/// binaries carry, and now and then a credential or record embedded as a NUL-terminated string.
enum BinaryTemplate {
    private static let strings: [StaticString] = [
        "GCC: (Debian 12.2.0-14) 12.2.0", "libc.so.6", ".text", ".rodata", "__cxa_finalize", "GLIBC_2.34",
        "Copyright (c) 2024", "/usr/lib/x86_64-linux-gnu", "PK\u{03}\u{04}", "IHDR", "%PDF-1.7",
    ]

    static func filler(_ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        if rng.percent(15) {
            w.add(byte: 0)
            w.add(rng.pick(strings))
            w.add(byte: 0)
            return
        }
        let words = rng.int(in: 8...64)
        for _ in 0..<words {
            var x = rng.next()
            for _ in 0..<8 {
                w.add(byte: UInt8(truncatingIfNeeded: x))
                x >>= 8
            }
        }
    }

    static func entity(_ plant: Plant, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.add(byte: 0)
        w.write(plant, style: .log, rng: &rng)
        w.add(byte: 0)
    }

    static func decoy(_ decoy: Decoy, _ w: inout DocumentWriter, _ rng: inout Xoshiro256) {
        w.add(byte: 0)
        w.write(decoy, style: .log)
        w.add(byte: 0)
    }
}
