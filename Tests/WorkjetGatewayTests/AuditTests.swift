import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

@Suite struct AuditTests {
    @Test func everyInteractionIsAuditedWithoutValuesAndTheChainVerifies() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        let ids = try await fixture.app().test(.router) { client in
            let first = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "card 4111 1111 1111 1111"))
            let second = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "SSN 536-22-8745"))
            try await client.post("/v1/messages", key: key, json: anthropic("echo-1", "hello"))
            return [first.headers[HeaderName.requestID], second.headers[HeaderName.requestID]]
        }
        let pool = try fixture.tasks().pool
        var query = AuditQuery()
        query.action = "chat.completions"
        let records = try await query.run(pool)
        #expect(records.count == 2)
        // Each answer names its request, and the audit record carries the same id.
        #expect(Set(ids.compactMap { $0 }).count == 2)
        #expect(ids.allSatisfy { $0?.isEmpty == false })
        #expect(Set(records.map(\.requestID)) == Set(ids.compactMap { $0 }))
        #expect(records[0].dlpAction == "redact")
        #expect(records[0].dlpTypes == #"{"CREDIT_CARD":1}"#)
        #expect(records[0].inputTokens != nil)
        #expect(records[1].status == 400)
        #expect(records[1].dlpAction == "block")
        let dump = try await pool.read { db in try String.fetchAll(db, sql: "SELECT coalesce(detail,'') || coalesce(dlp_types,'') FROM audit_log") }
        #expect(!dump.joined().contains("4111"))
        #expect(!dump.joined().contains("536-22"))
        let report = try await AuditVerifier.verify(pool)
        #expect(report.ok)
        #expect(report.checked == 5)  // workspace + key creation, three requests
    }

    /// An answer that could not be audited is not given: a failed commit (a full disk, here a trigger)
    /// answers 500 in the provider's error shape, and the next request after it works again is answered.
    @Test func aRecordThatCannotBeCommittedTurnsTheAnswerInto500() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        let database = try DatabaseQueue(path: fixture.configuration.databasePath)
        try await fixture.app().test(.router) { client in
            try await database.failAuditInserts(true)
            let openAI = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hello there"))
            #expect(openAI.status == .internalServerError)
            let error = openAI.json["error"] as? [String: Any]
            #expect(error?["code"] as? String == "storage_error")
            #expect(error?["type"] as? String == "server_error")
            #expect(!openAI.text.contains("hello there") && !openAI.text.contains("disk is full"))
            let claude = try await client.post("/v1/messages", key: key, json: anthropic("echo-1", "hello there"))
            #expect(claude.status == .internalServerError)
            #expect(claude.json["type"] as? String == "error")
            #expect((claude.json["error"] as? [String: Any])?["type"] as? String == "api_error")
            #expect(!claude.text.contains("hello there"))
            try await database.failAuditInserts(false)
            let again = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hello there"))
            #expect(again.status == .ok)
        }
        let pool = try fixture.tasks().pool
        var query = AuditQuery()
        query.action = "chat.completions"
        #expect(try await query.run(pool).count == 1)
        #expect(try await AuditVerifier.verify(pool).ok)
    }

    @Test func theTableRejectsUpdateAndDelete() async throws {
        let fixture = GatewayFixture()
        _ = try await fixture.key()
        let pool = try fixture.tasks().pool
        await #expect(throws: (any Error).self) { try await pool.write { db in try db.execute(sql: "UPDATE audit_log SET status = 1") } }
        await #expect(throws: (any Error).self) { try await pool.write { db in try db.execute(sql: "DELETE FROM audit_log") } }
    }

    @Test func verifyNamesTheFirstAlteredRemovedOrInsertedRecord() async throws {
        for tamper in ["alter", "remove", "insert"] {
            let fixture = GatewayFixture()
            for _ in 0..<3 { _ = try await fixture.key() }  // 1 workspace + 3 keys = 4 records
            let pool = try fixture.tasks().pool
            try await pool.write { db in
                try db.execute(sql: "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete")
                switch tamper {
                case "alter": try db.execute(sql: "UPDATE audit_log SET status = 500 WHERE seq = 3")
                case "remove": try db.execute(sql: "DELETE FROM audit_log WHERE seq = 3")
                default:
                    try db.execute(sql: "UPDATE audit_log SET seq = -seq WHERE seq >= 3; UPDATE audit_log SET seq = 1 - seq WHERE seq < 0")
                    try db.execute(sql: "INSERT INTO audit_log SELECT 3, time, request_id, workspace_id, user, key_id, action, model_requested, model_served, provider, status, input_tokens, output_tokens, cost, dlp_action, dlp_types, client_ip, user_agent, latency_us, detail, prev_hash, hash FROM audit_log WHERE seq = 2")
                }
            }
            let report = try await AuditVerifier.verify(pool)
            #expect(report.firstBadSeq == 3, "\(tamper): \(report)")
            // Read a page at a time, the broken record is in the second page, or at its edge.
            for pageSize in [1, 2, 3] {
                let paged = try await AuditVerifier.verify(pool, pageSize: pageSize)
                #expect(paged == report, "\(tamper), pages of \(pageSize): \(paged)")
            }
        }
    }

    @Test func verifyReadsEveryPageAndSeesRecordsNumberedBelowOne() async throws {
        let fixture = GatewayFixture()
        for _ in 0..<4 { _ = try await fixture.key() }  // 1 workspace + 4 keys = 5 records
        let pool = try fixture.tasks().pool
        for pageSize in [0, 1, 2, 4, 5, 6, 10_000] {
            let report = try await AuditVerifier.verify(pool, pageSize: pageSize)
            #expect(report.ok && report.checked == 5, "pages of \(pageSize): \(report)")
        }
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO audit_log SELECT 0, time, request_id, workspace_id, user, key_id, action, model_requested, model_served, provider, status, input_tokens, output_tokens, cost, dlp_action, dlp_types, client_ip, user_agent, latency_us, detail, prev_hash, hash FROM audit_log WHERE seq = 1")
        }
        for pageSize in [1, 2, 10_000] {
            let report = try await AuditVerifier.verify(pool, pageSize: pageSize)
            #expect(report.firstBadSeq == 0 && report.problem == "unexpected sequence number 0", "pages of \(pageSize): \(report)")
        }
    }

    @Test func exportsJSONLAndCSV() async throws {
        let fixture = GatewayFixture()
        _ = try await fixture.key()
        let pool = try fixture.tasks().pool
        var jsonl = ""
        try await AuditExporter.export(pool, query: AuditQuery(), format: .jsonl) { jsonl += $0 }
        #expect(jsonl.split(separator: "\n").count == 2)
        var csv = ""
        try await AuditExporter.export(pool, query: AuditQuery(), format: .csv) { csv += $0 }
        #expect(csv.hasPrefix("seq,time,request_id"))
        #expect(csv.split(separator: "\n").count == 3)
    }
}
