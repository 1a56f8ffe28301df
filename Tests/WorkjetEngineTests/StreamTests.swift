import Testing
@testable import WorkjetEngine

@Suite struct StreamTests {
    @Test(arguments: 0..<30)
    func anyChunkingEqualsTheBlockScan(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(seed))
        let bytes = Array(mixedText(seed: UInt64(seed) + 1000, pieces: 250).utf8)
        let block = try builtinEngine.scan(bytes)
        #expect(try streamFindings(bytes, rng: &rng) == block, "seed \(seed)")
    }

    @Test func byteAtATimeFindsMatchesAcrossEveryBoundary() throws {
        let text = "card 4111-1111-1111-1111 then ghp_abcdefghijklmnopqrstuvwxyz0123456789 end"
        let stream = try builtinEngine.makeStream()
        var findings: [Finding] = []
        for byte in text.utf8 { findings += try stream.write([byte]) }
        findings += try stream.finish()
        #expect(findings == (try builtinEngine.scan(text)))
        #expect(findings.count == 2)
    }

    @Test func memoryIsBoundedByTheLongestWindowNotTheInput() throws {
        let chunk = Array(String(repeating: "The quick brown fox writes to ops@example.com daily. ", count: 1200).utf8)
        let stream = try builtinEngine.makeStream()
        var count = 0
        var maxRetained = 0
        for _ in 0..<64 {  // 4 MB
            count += try stream.write(chunk).count
            maxRetained = max(maxRetained, stream.retainedBytes)
        }
        count += try stream.finish().count
        #expect(count == 64 * 1200)
        // The private-key pattern is the widest (~8 KB); the buffer never holds more than that plus margins.
        #expect(maxRetained < 40_000)
    }

    @Test func writeAfterFinishIsATypedError() throws {
        let stream = try builtinEngine.makeStream()
        _ = try stream.finish()
        let error = #expect(throws: EngineError.self) { try stream.write("x") }
        #expect(error?.code == .streamClosed)
    }
}
