import Foundation
import Testing
import WorkjetCorpus
import WorkjetEngine

@testable import WorkjetCLI

/// A large file scanned as parallel chunks must report exactly what one sequential scan reports: the same
/// findings in the same order with the same lines and columns, the same suppressions and counts.
@Suite struct ChunkedScanTests {
    static let chunkSize = 128 << 10

    /// Generated text with entities and `workjet:allow` markers planted across every chunk boundary, and
    /// a stretch of several chunks without a newline whose marker comes chunks after its findings.
    static func input() -> [UInt8] {
        var generator = CorpusGenerator(seed: 7)
        let kinds: [DocumentKind] = [.prose, .logs, .json, .code, .nonASCII]
        var bytes: [UInt8] = []
        var kind = 0
        while bytes.count < 14 * chunkSize {
            bytes += generator.document(kind: kinds[kind % kinds.count], size: 32 << 10, bytesPerEntity: 800).bytes
            kind += 1
        }
        func plant(_ text: String, at offset: Int) {
            let planted = Array(text.utf8)
            bytes.replaceSubrange(offset..<(offset + planted.count), with: planted)
        }
        for boundary in stride(from: chunkSize, to: bytes.count - chunkSize, by: chunkSize) {
            // A card straddling the boundary, an email just after it, a marker straddling it two boundaries in three.
            plant("\ncard \(Corpus.card) mail \(Corpus.email) ", at: boundary - 12)
            if (boundary / chunkSize) % 3 != 0 { plant(" workjet:allow \n", at: boundary + 40) }
            plant("\nssn \(Corpus.ssn)\n", at: boundary - 20 - Corpus.ssn.count)
        }
        // Chunks 9 to 11 hold one long line: findings at its start, its marker two chunks later.
        let long = (9 * chunkSize - 500)..<(11 * chunkSize + 700)
        for i in long where bytes[i] == 0x0A { bytes[i] = 0x20 }
        plant(" key \(Corpus.awsKey) card \(Corpus.card) ", at: long.lowerBound + 10)
        plant(" workjet:allow ", at: long.upperBound - 100)
        return bytes
    }

    func scanner(baseline: Set<String> = [], chunkSize: Int = chunkSize) throws -> FileScanner {
        let filter = FindingFilter(policy: Policy(), baseline: baseline, fingerprintKey: Array("k".utf8))
        return FileScanner(engine: try Engine(), filter: filter, chunkSize: chunkSize)
    }

    /// The reference: the whole file in one buffer and one block scan (the path every file that fits takes).
    /// Not the stream path, which reports a finding before it has seen the rest of a line longer than its
    /// window and so misses a `workjet:allow` that comes later on such a line.
    func sequential(baseline: Set<String> = []) throws -> FileScanner {
        var scanner = try scanner(baseline: baseline, chunkSize: 64 << 20)
        scanner.splitsLargeFiles = false
        return scanner
    }

    /// Scans `target` chunk by chunk in `order`, as workers finishing out of order would.
    func chunked(_ scanner: FileScanner, _ target: ScanTarget, order: (Int) -> [Int]) throws -> ([ReportedFinding], FileResult) {
        let plan = try #require(scanner.chunkPlan(for: target))
        #expect(plan.count > 10)
        let emitted = LockedBox<[ReportedFinding]>([])
        let completed = LockedBox<FileResult?>(nil)
        let merger = ChunkMerger(
            plan: plan, retainFindings: true, emit: { found in emitted.withLock { $0 += found } },
            complete: { result in completed.withLock { $0 = result } })
        var buffer: [UInt8] = []
        for index in order(plan.count) {
            #expect(completed.value == nil)
            merger.add(scanner.scanChunk(plan, index: index, buffer: &buffer))
        }
        return (emitted.value, try #require(completed.value))
    }

    @Test(arguments: ["in order", "reversed", "interleaved"])
    func chunkedEqualsSequential(order: String) throws {
        let folder = try TempFolder()
        let bytes = Self.input()
        let path = try folder.write("big.txt", bytes: bytes)
        let target = ScanTarget(path: path, displayPath: "big.txt", size: bytes.count)
        let sequential = try sequential()
        #expect(sequential.chunkPlan(for: target) == nil)
        var expected: [ReportedFinding] = []
        let reference = sequential.scan(target) { expected.append($0) }
        // Sanity: the planted findings are there, and some were suppressed inline across chunks.
        #expect(expected.count > 100)
        #expect(expected.contains { $0.start > Self.chunkSize && $0.type == "CREDIT_CARD" })
        #expect(reference.suppressedInline > 10)

        let (found, result) = try chunked(try scanner(), target) { count in
            switch order {
            case "reversed": Array((0..<count).reversed())
            case "interleaved": stride(from: 1, to: count, by: 2).map { $0 } + stride(from: 0, to: count, by: 2).map { $0 }
            default: Array(0..<count)
            }
        }
        #expect(found == expected)
        #expect(result.findings == expected)
        #expect(result.countsByType == reference.countsByType)
        #expect(result.strongestAction == reference.strongestAction)
        #expect(result.suppressedInline == reference.suppressedInline)
        #expect(result.bytes == bytes.count)
        #expect(result.failures.isEmpty)
    }

    /// Workers adding chunks at the same time: whichever is merging takes the others' chunks, so the
    /// findings still come out once, in file order, and the file completes exactly once.
    @Test func concurrentWorkersMergeInOrder() throws {
        let folder = try TempFolder()
        let bytes = Self.input()
        let path = try folder.write("big.txt", bytes: bytes)
        let target = ScanTarget(path: path, displayPath: "big.txt", size: bytes.count)
        var expected: [ReportedFinding] = []
        let reference = try sequential().scan(target) { expected.append($0) }
        let scanner = try scanner()
        let plan = try #require(scanner.chunkPlan(for: target))
        for _ in 0..<3 {
            let emitted = LockedBox<[ReportedFinding]>([])
            let completions = LockedBox<[FileResult]>([])
            let merger = ChunkMerger(
                plan: plan, retainFindings: true, emit: { found in emitted.withLock { $0 += found } },
                complete: { result in completions.withLock { $0.append(result) } })
            WorkerPool(jobs: 4).run(jobs: Array(0..<plan.count)) { index, scratch in
                merger.add(scanner.scanChunk(plan, index: index, buffer: &scratch.buffer))
            }
            #expect(emitted.value == expected)
            #expect(completions.value.count == 1)
            #expect(completions.value.first?.suppressedInline == reference.suppressedInline)
            #expect(completions.value.first?.bytes == bytes.count)
        }
    }

    @Test func baselineSuppressionMatchesSequential() throws {
        let folder = try TempFolder()
        let bytes = Self.input()
        let path = try folder.write("big.txt", bytes: bytes)
        let target = ScanTarget(path: path, displayPath: "big.txt", size: bytes.count)
        var all: [ReportedFinding] = []
        _ = try sequential().scan(target) { all.append($0) }
        let known = Set(all.filter { $0.type == "EMAIL_ADDRESS" }.map(\.fingerprint.string))
        #expect(!known.isEmpty)

        let sequential = try sequential(baseline: known)
        var expected: [ReportedFinding] = []
        let reference = sequential.scan(target) { expected.append($0) }
        let (found, result) = try chunked(try scanner(baseline: known), target) { Array(0..<$0) }
        #expect(reference.suppressedBaseline > 0)
        #expect(found == expected)
        #expect(result.suppressedBaseline == reference.suppressedBaseline)
        #expect(result.suppressedInline == reference.suppressedInline)
    }

    @Test func smallCompressedAndBinaryFilesAreNotChunked() throws {
        let folder = try TempFolder()
        let scanner = try scanner()
        let small = try folder.write("small.txt", "card \(Corpus.card)\n")
        #expect(scanner.chunkPlan(for: ScanTarget(path: small, displayPath: "small.txt", size: 22)) == nil)
        var binary = Self.input()
        binary[100] = 0
        let blob = try folder.write("blob.bin", bytes: binary)
        #expect(scanner.chunkPlan(for: ScanTarget(path: blob, displayPath: "blob.bin", size: binary.count)) == nil)
        let big = try folder.write("big.txt", bytes: Self.input())
        let plan = try #require(scanner.chunkPlan(for: ScanTarget(path: big, displayPath: "big.txt", size: Self.input().count)))
        #expect(plan.regionCapacity <= Self.chunkSize + 2 * plan.overlap)
        #expect(plan.overlap >= 64 << 10)
        // Cores tile the file; regions add the overlap on both sides.
        #expect((0..<plan.count).map { plan.core($0).count }.reduce(0, +) == plan.size)
        #expect(plan.region(1) == (plan.chunkSize - plan.overlap)..<(2 * plan.chunkSize + plan.overlap))
    }
}
