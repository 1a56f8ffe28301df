import Testing
@testable import WorkjetEngine

@Suite struct BadInputTests {
    @Test func emptyInputHasNoFindings() throws {
        #expect(try builtinEngine.scan("").isEmpty)
        #expect(try builtinEngine.scan([UInt8]()).isEmpty)
        let stream = try builtinEngine.makeStream()
        #expect(try stream.write([UInt8]()).isEmpty)
        #expect(try stream.finish().isEmpty)
    }

    @Test func invalidUTF8AndNULBytesAreScannedAsBytes() throws {
        var bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0xC3]
        bytes += Array("bob@example.com".utf8)
        bytes += [0x00, 0xE2, 0x82]
        bytes += Array(" 4111111111111111 ".utf8)
        bytes += [0x80, 0x00]
        let findings = try builtinEngine.scan(bytes)
        #expect(findings.map(\.entityType) == [.emailAddress, .creditCard])
        #expect(findings[0].start == 4)
        #expect(findings == bytes.withUnsafeBytes { builtinEngine.referenceScan($0) })
    }

    @Test func catastrophicBacktrackingIsBoundedByMatchLimits() throws {
        // (a+)+b on "aaaa…c" takes exponential time in a naive backtracking engine. Hyperscan does not
        // backtrack; PCRE2 confirmation stops at its match limit, abandons that window and counts it.
        let registry = try DetectorRegistry([
            PatternDetector(id: "evil", entityType: "EVIL", patterns: [DetectorPattern(#"(a+)+b"#)])
        ])
        var configuration = Engine.Configuration()
        configuration.matchLimit = 10_000
        let engine = try Engine(registry: registry, configuration: configuration)
        let text = "aab " + String(repeating: "a", count: 5_000) + "c aab"
        var statistics = ScanStatistics()
        let findings = try Array(text.utf8).withUnsafeBytes { try engine.scan($0, statistics: &statistics) }
        #expect(findings.map(\.start) == [0])
        #expect(statistics.limitHits == 1)
    }

    @Test func aGigabyteStreamsInBoundedMemory() throws {
        // One megabyte of log lines with a single address in it, written 1024 times.
        let line = Array("2026-11-29T12:00:00Z INFO request id=9f1c2 status=200 bytes=5123 path=/v1/chat\n".utf8)
        var chunk = Array("contact ops@example.com\n".utf8)
        while chunk.count < 1 << 20 { chunk += line }
        chunk.removeLast(chunk.count - (1 << 20))
        let stream = try builtinEngine.makeStream()
        var findings = 0
        var retained = 0
        for _ in 0..<1024 {
            findings += try stream.write(chunk).count
            retained = max(retained, stream.retainedBytes)
        }
        findings += try stream.finish().count
        #expect(stream.byteCount == 1 << 30)
        #expect(findings == 1024)
        #expect(retained < (1 << 20) + 40_000)
    }
}
