import Foundation
import Testing
import WorkjetEngine
@testable import WorkjetGateway

/// The DLP summary's two renderings: the response header and the audit record's JSON object.
@Suite struct DLPSummaryTests {
    @Test func headerListsTypesInOrder() {
        let summary = DLPSummary(action: .redact, counts: ["PHONE_NUMBER": 1, "CREDIT_CARD": 2, "EMAIL_ADDRESS": 13], scanMicroseconds: 41)
        #expect(summary.headerValue == "action=redact; types=CREDIT_CARD:2,EMAIL_ADDRESS:13,PHONE_NUMBER:1; scan_us=41")
        #expect(DLPSummary().headerValue == "action=allow; types=none; scan_us=0")
        #expect(DLPSummary(action: .block, counts: ["US_SSN": 1]).headerValue == "action=block; types=US_SSN:1; scan_us=0")
    }

    @Test func auditJSONIsAValidSortedObject() throws {
        #expect(DLPSummary().auditJSON == nil)
        let summary = DLPSummary(action: .warn, counts: ["US_SSN": 3, "AWS_ACCESS_KEY_ID": 1])
        #expect(summary.auditJSON == #"{"AWS_ACCESS_KEY_ID":1,"US_SSN":3}"#)
        // A custom pack's odd type name still gives valid JSON that reads back to the same name.
        let odd = "MY \"TYPE\" \\ with\ttab and \u{1}"
        let json = try #require(DLPSummary(counts: [odd: 2, "A": 1]).auditJSON)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Int])
        #expect(object == [odd: 2, "A": 1])
        #expect(json.hasPrefix(#"{"A":1,"MY \"TYPE\" \\ with\ttab and \u0001":2}"#))
    }
}
