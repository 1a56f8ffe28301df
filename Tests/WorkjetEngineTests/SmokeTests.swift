import Testing
@testable import WorkjetEngine

@Test func smoke() throws {
    let engine = try Engine()
    let text = "card 4111 1111 1111 1111, mail <jane.doe@example.com>, ssn 536-22-8745, call (415) 555-0134, key ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    let findings = try engine.scan(text)
    for f in findings {
        let u = Array(text.utf8)
        print(f.entityType, f.detectorID, String(decoding: u[f.start..<f.end], as: UTF8.self), f.confidence, f.validated)
    }
    print(engine.patternCounts, engine.databaseSize)
    #expect(findings.count == 5)
    let ref = text.utf8CString.withUnsafeBytes { engine.referenceScan(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
    #expect(ref == findings)
}
