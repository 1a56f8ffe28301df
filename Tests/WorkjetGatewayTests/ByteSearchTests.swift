import Testing
@testable import WorkjetGateway

/// Substring tests on bytes, as the streaming meters use them.
@Suite struct ByteSearchTests {
    @Test func findsNeedlesAnywhereAndOnlyWhole() {
        let event = Array(#"data: {"choices":[],"usage":{"prompt_tokens":3}}"#.utf8)
        #expect(ByteSearch.contains(event, "usage"))
        #expect(ByteSearch.contains(event, "data:"))
        #expect(ByteSearch.contains(event, "3}}"))
        #expect(!ByteSearch.contains(event, "message_stop"))
        #expect(!ByteSearch.contains(event, "usagE"))
        #expect(ByteSearch.contains(event[6...], "choices"))
        #expect(!ByteSearch.contains(event[..<10], "choices"))
    }

    @Test func edgeCases() {
        #expect(!ByteSearch.contains([UInt8](), "a"))
        #expect(ByteSearch.contains([UInt8](), ""))
        #expect(!ByteSearch.contains(Array("usag".utf8), "usage"))
        #expect(ByteSearch.contains(Array("usage".utf8), "usage"))
        // A first byte that recurs before the match.
        #expect(ByteSearch.contains(Array("uuusuusage".utf8), "usage"))
        #expect(!ByteSearch.contains(Array("uuusuusag".utf8), "usage"))
        // A collection without contiguous storage is searched too.
        #expect(ByteSearch.contains("xx usage yy".utf8.lazy.map { $0 }, "usage"))
    }
}
