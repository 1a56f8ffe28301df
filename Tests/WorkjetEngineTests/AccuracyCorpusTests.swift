import Testing
import WorkjetCorpus

/// The generator's own contract: deterministic, about the requested size, consistent ground truth.
@Suite struct AccuracyCorpusTests {
    @Test(arguments: DocumentKind.allCases)
    func sameSeedSameDocument(kind: DocumentKind) {
        var a = CorpusGenerator(seed: 7), b = CorpusGenerator(seed: 7), c = CorpusGenerator(seed: 8)
        let x = a.document(kind: kind, size: 8 << 10, bytesPerEntity: 300)
        let y = b.document(kind: kind, size: 8 << 10, bytesPerEntity: 300)
        let z = c.document(kind: kind, size: 8 << 10, bytesPerEntity: 300)
        #expect(x.bytes == y.bytes && x.planted == y.planted)
        #expect(x.bytes != z.bytes)
    }

    @Test(arguments: DocumentKind.allCases)
    func plantedSpansAreSortedDisjointAndInside(kind: DocumentKind) {
        var generator = CorpusGenerator(seed: 11)
        let doc = generator.document(kind: kind, size: 64 << 10, bytesPerEntity: 300)
        #expect(doc.kind == kind)
        #expect(doc.bytes.count >= 64 << 10 && doc.bytes.count < (64 << 10) + 4096)
        // One entity per 300 bytes on average, within the slack that long entities (key blocks) cause.
        #expect(doc.planted.count > (64 << 10) / 600 && doc.planted.count < (64 << 10) / 150)
        var previousEnd = 0
        for e in doc.planted {
            #expect(e.start >= previousEnd && e.start < e.end && e.end <= doc.bytes.count)
            previousEnd = e.end
        }
        if kind != .binary { #expect(String(validating: doc.bytes, as: UTF8.self) != nil) }
    }

    @Test func noDensityPlantsNothingAndTinyDocumentsWork() {
        var generator = CorpusGenerator(seed: 3)
        for kind in DocumentKind.allCases {
            let empty = generator.document(kind: kind, size: 16 << 10, bytesPerEntity: nil)
            #expect(empty.planted.isEmpty)
            let tiny = generator.document(kind: kind, size: 1024, bytesPerEntity: 300)
            #expect(tiny.bytes.count >= 1024 && tiny.bytes.count < 1024 + 4096)
        }
    }

    @Test func plantedCardsPassLuhn() {
        var generator = CorpusGenerator(seed: 5)
        let doc = generator.document(kind: .json, size: 128 << 10, bytesPerEntity: 300)
        let cards = doc.planted.filter { $0.type == "CREDIT_CARD" }
        #expect(cards.count > 10)
        for card in cards {
            let digits = doc.bytes[card.start..<card.end].filter { $0 >= 48 && $0 <= 57 }.map { Int($0 - 48) }
            var sum = 0
            for (i, d) in digits.reversed().enumerated() { sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d }
            #expect(sum % 10 == 0 && (13...19).contains(digits.count))
        }
    }
}
