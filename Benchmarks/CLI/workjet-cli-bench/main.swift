// The CLI throughput benchmark's helper (Benchmarks/CLI/run.sh): generates its corpus and measures the
// engine's in-memory throughput on the same bytes, the baseline the CLI's MB/s is compared with.
//
//   workjet-cli-bench generate DIR [--files 10000] [--large-mib 1024] [--seed 2024]
//   workjet-cli-bench engine DIR [--rounds 3]
//   workjet-cli-bench floor DIR [--rounds 3]
//
// `generate` writes DIR/small/NN/file-NNNNN.txt (4-16 KB each, text kinds only: the CLI skips binary
// files) and DIR/large.txt (a 64 MiB generated block repeated to the requested size: generating 1 GB
// would take longer than scanning it, and Hyperscan gains nothing from the repetition).
// `engine` block-scans every small file, and the large file's first 64 MiB in 1 MiB pieces, from memory
// on one thread and prints `engine_small_mbps=` and `engine_large_mbps=` (median of the rounds, 10^6 B/s, wall
// clock) and the same by CPU time (`engine_small_cpu_mbps=`, `engine_large_cpu_mbps=`).
// `floor` measures what any scanner of files pays before it reports anything, on one thread: the small
// files walked and read with the system calls `workjet scan` makes (`opendir`/`readdir`, `fstatat` of
// each entry, then `open`, `fstat`, one `read`, `close` of each file) and the large file read in the
// CLI's 8 MiB pieces, first alone (`read_small_mbps=`, `read_large_mbps=`), then with an engine block
// scan of each file or piece and nothing else (`bare_small_mbps=`, `bare_large_mbps=`, with the
// findings a pass counts): the most a CLI can reach on this host before its first finding is reported.
import Foundation
import WorkjetCorpus
import WorkjetEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("workjet-cli-bench: \(message)\n".utf8))
    exit(2)
}

func option(_ name: String, in arguments: [String], default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name) else { return value }
    guard index + 1 < arguments.count, let parsed = Int(arguments[index + 1]), parsed >= 0 else {
        fail("\(name) needs a non-negative integer")
    }
    return parsed
}

/// Text kinds only: binary documents would be skipped by `workjet scan` and not measure anything.
let textKinds: [DocumentKind] = [.prose, .logs, .json, .code, .nonASCII]
/// One entity per 2 KB: a few per small file.
let bytesPerEntity = 2_000

func generate(directory: String, files: Int, largeMiB: Int, seed: UInt64) throws {
    var generator = CorpusGenerator(seed: seed)
    let manager = FileManager.default
    for index in 0..<files {
        let folder = "\(directory)/small/\(String(format: "%02d", index / 1000))"
        if index % 1000 == 0 { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let size = 4_096 + Int(UInt64(index) &* 2_654_435_761 % 12_289)
        let document = generator.document(kind: textKinds[index % textKinds.count], size: size, bytesPerEntity: bytesPerEntity)
        guard manager.createFile(atPath: "\(folder)/file-\(String(format: "%05d", index)).txt", contents: Data(document.bytes)) else {
            fail("cannot write into \(folder)")
        }
    }
    guard largeMiB > 0 else { return }
    var block: [UInt8] = []
    let blockSize = min(largeMiB, 64) << 20
    block.reserveCapacity(blockSize + (64 << 10))
    var kind = 0
    while block.count < blockSize {
        block += generator.document(kind: textKinds[kind % textKinds.count], size: 64 << 10, bytesPerEntity: bytesPerEntity).bytes
        kind += 1
    }
    // Cut at a newline so that the repetitions do not glue two lines (and their entities) together.
    let cut = block[..<blockSize].lastIndex(of: 0x0A).map { $0 + 1 } ?? blockSize
    block.removeSubrange(cut...)
    let path = "\(directory)/large.txt"
    guard let out = fopen(path, "wb") else { fail("cannot create \(path)") }
    defer { fclose(out) }
    var remaining = largeMiB << 20
    while remaining > 0 {
        let n = min(remaining, block.count)
        guard block.withUnsafeBytes({ fwrite($0.baseAddress, 1, n, out) }) == n else { fail("cannot write \(path)") }
        remaining -= n
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// This process's CPU seconds (user and system): on a shared machine a wall clock also counts the time
/// other processes held the cores, CPU time counts only ours.
func cpuSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}

/// Median MB/s of `rounds` passes of `pass` (which returns the bytes it scanned), after one warm-up pass,
/// by wall clock and by CPU time.
func measure(rounds: Int, _ pass: () throws -> Int) rethrows -> (wall: Double, cpu: Double) {
    _ = try pass()
    var wall: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<max(1, rounds) {
        let clock = ContinuousClock()
        var bytes = 0
        let cpuStart = cpuSeconds()
        let elapsed = try clock.measure { bytes = try pass() }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        wall.append(Double(bytes) / 1e6 / seconds)
        cpu.append(Double(bytes) / 1e6 / (cpuSeconds() - cpuStart))
    }
    return (median(wall), median(cpu))
}

func engineThroughput(directory: String, rounds: Int) throws {
    let engine = try Engine()
    let manager = FileManager.default
    if let names = manager.enumerator(atPath: "\(directory)/small") {
        let files = names.compactMap { $0 as? String }.filter { $0.hasSuffix(".txt") }.sorted()
            .compactMap { manager.contents(atPath: "\(directory)/small/\($0)").map { [UInt8]($0) } }
        if !files.isEmpty {
            let rate = try measure(rounds: rounds) {
                var bytes = 0
                for file in files { _ = try engine.scan(file); bytes += file.count }
                return bytes
            }
            print("engine_small_mbps=\(String(format: "%.1f", rate.wall)) engine_small_cpu_mbps=\(String(format: "%.1f", rate.cpu)) files=\(files.count)")
        }
    }
    if let handle = FileHandle(forReadingAtPath: "\(directory)/large.txt") {
        let sample = [UInt8](try handle.read(upToCount: 64 << 20) ?? Data())
        if !sample.isEmpty {
            let rate = try measure(rounds: rounds) {
                try sample.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let end = min(offset + (1 << 20), raw.count)
                        _ = try engine.scan(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                        offset = end
                    }
                    return raw.count
                }
            }
            print("engine_large_mbps=\(String(format: "%.1f", rate.wall)) engine_large_cpu_mbps=\(String(format: "%.1f", rate.cpu)) sample_bytes=\(sample.count)")
        }
    }
}

/// Every regular file under `directory`, found as `workjet scan` finds them: the directory's entries
/// listed with `readdir` and looked up with `fstatat` relative to the open directory.
func walk(_ directory: String, into paths: inout [String]) {
    guard let stream = opendir(directory) else { fail("cannot open \(directory)") }
    defer { closedir(stream) }
    let descriptor = dirfd(stream)
    var directories: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name == "." || name == ".." { continue }
        var info = stat()
        guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: directories.append(directory + "/" + name)
        case S_IFREG: paths.append(directory + "/" + name)
        default: break
        }
    }
    for subdirectory in directories { walk(subdirectory, into: &paths) }
}

/// Reads the file at `path` into `buffer` the way `workjet scan` reads a small file (`open`, `fstat`, one
/// `read` of its size, `close`) and returns its size.
func readWhole(_ path: String, into buffer: inout [UInt8]) -> Int {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
    guard descriptor >= 0 else { fail("cannot open \(path)") }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { fail("cannot stat \(path)") }
    let size = Int(info.st_size)
    if buffer.count < size + 1 { buffer = [UInt8](repeating: 0, count: size + 1) }
    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, size + 1) }
    guard count == size else { fail("short read of \(path)") }
    return size
}

func floorThroughput(directory: String, rounds: Int) throws {
    let engine = try Engine()
    var buffer: [UInt8] = []
    var findings = 0
    func format(_ value: Double) -> String { String(format: "%.1f", value) }
    // The small files: the walk is part of every pass, as it is part of every `workjet scan`.
    func smallPass(scan: Bool) throws -> Int {
        var paths: [String] = []
        walk("\(directory)/small", into: &paths)
        var bytes = 0
        findings = 0
        for path in paths {
            let size = readWhole(path, into: &buffer)
            if scan {
                findings += try buffer.withUnsafeBytes { try engine.scan(UnsafeRawBufferPointer(rebasing: $0[..<size])).count }
            }
            bytes += size
        }
        return bytes
    }
    let readSmall = try measure(rounds: rounds) { try smallPass(scan: false) }
    let bareSmall = try measure(rounds: rounds) { try smallPass(scan: true) }
    print("read_small_mbps=\(format(readSmall.wall)) bare_small_mbps=\(format(bareSmall.wall)) bare_small_cpu_mbps=\(format(bareSmall.cpu)) small_findings=\(findings)")
    // The large file, in the CLI's 8 MiB pieces (`--jobs 1`; the CLI also reads and scans 64 KiB of overlap
    // on each side of a piece, which this leaves out).
    let path = "\(directory)/large.txt"
    let piece = 8 << 20
    func largePass(scan: Bool) throws -> Int {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { fail("cannot open \(path)") }
        defer { close(descriptor) }
        if buffer.count < piece { buffer = [UInt8](repeating: 0, count: piece) }
        var bytes = 0
        findings = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, piece, off_t(bytes)) }
            guard count > 0 else { break }
            if scan {
                findings += try buffer.withUnsafeBytes { try engine.scan(UnsafeRawBufferPointer(rebasing: $0[..<count])).count }
            }
            bytes += count
        }
        return bytes
    }
    guard access(path, R_OK) == 0 else { return }
    let readLarge = try measure(rounds: rounds) { try largePass(scan: false) }
    let bareLarge = try measure(rounds: rounds) { try largePass(scan: true) }
    print("read_large_mbps=\(format(readLarge.wall)) bare_large_mbps=\(format(bareLarge.wall)) bare_large_cpu_mbps=\(format(bareLarge.cpu)) large_findings=\(findings)")
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else { fail("usage: workjet-cli-bench generate|engine|floor DIR [options]") }
switch arguments[0] {
case "generate":
    try generate(
        directory: arguments[1], files: option("--files", in: arguments, default: 10_000),
        largeMiB: option("--large-mib", in: arguments, default: 1024),
        seed: UInt64(option("--seed", in: arguments, default: 2024)))
case "engine":
    try engineThroughput(directory: arguments[1], rounds: option("--rounds", in: arguments, default: 3))
case "floor":
    try floorThroughput(directory: arguments[1], rounds: option("--rounds", in: arguments, default: 3))
default:
    fail("unknown command '\(arguments[0])'")
}
