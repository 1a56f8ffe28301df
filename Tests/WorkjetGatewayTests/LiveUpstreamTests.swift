import AsyncHTTPClient
import Foundation
import Hummingbird
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import WorkjetGateway

/// Real HTTP on port 0: the gateway in front of the in-process mock upstream.
@Suite(.serialized) struct LiveUpstreamTests {
    func withGateway(_ body: @escaping @Sendable (any TestClientProtocol, MockUpstream, String) async throws -> Void) async throws {
        let mock = MockUpstream()
        try await mock.application().test(.live) { upstream in
            let fixture = GatewayFixture(upstreamPort: upstream.port!)
            let key = try await fixture.key()
            try await fixture.app().test(.live) { client in try await body(client, mock, key) }
        }
    }

    @Test func openAIRequestIsRedactedBeforeItLeaves() async throws {
        try await withGateway { client, mock, key in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "card 4111 1111 1111 1111 ok"))
            #expect(response.status == .ok)
            #expect(response.text.contains("hello from gpt-test"))
            #expect(mock.bodies.count == 1)
            #expect(!mock.bodies[0].contains("4111"))
            #expect(mock.bodies[0].contains("[CREDIT_CARD]"))
            #expect(mock.bodies[0].contains("be brief"))
        }
    }

    @Test func blockedRequestsNeverReachTheUpstream() async throws {
        try await withGateway { client, mock, key in
            let response = try await client.post("/v1/messages", key: key, json: anthropic("claude-test", "SSN 536-22-8745"))
            #expect(response.status == .badRequest)
            #expect(mock.bodies.isEmpty)
        }
    }

    @Test func streamsAreRelayed() async throws {
        try await withGateway { client, mock, key in
            let openAI = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", stream: true))
            #expect(openAI.status == .ok)
            #expect(openAI.text.contains(#""content":"mock""#))
            #expect(openAI.text.hasSuffix("data: [DONE]\n\n"))
            let claude = try await client.post("/v1/messages", key: key, json: anthropic("claude-test", "hi", stream: true))
            #expect(claude.text.contains("event: content_block_delta"))
            #expect(claude.text.contains("message_stop"))
        }
    }

    @Test func responsesAreScannedWithTheOutputPolicy() async throws {
        try await withGateway { client, _, key in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("leak-model", "what is on file?"))
            #expect(response.status == .ok)
            #expect(!response.text.contains("4111 1111"))
            #expect(response.dlp?.contains("CREDIT_CARD:1") == true)
        }
    }

    @Test func upstreamFailureIs502AndTimeoutIs504() async throws {
        try await withGateway { client, _, key in
            let failed = try await client.post("/v1/chat/completions", key: key, json: chat("fail-model", "hi"))
            #expect(failed.status == .badGateway)
            #expect(!failed.text.contains("127.0.0.1"))
            let slow = try await client.post("/v1/chat/completions", key: key, json: chat("slow-model", "hi"))
            #expect(slow.status == .gatewayTimeout)
            #expect(!slow.text.contains("sk-upstream-secret"))
        }
    }

    @Test func providerKeyIsSentUpstreamButNeverReturned() async throws {
        try await withGateway { client, _, key in
            let models = try await client.call("/v1/models", .get, key: key)
            #expect(!models.text.contains("sk-upstream"))
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi"))
            #expect(!response.text.contains("sk-upstream"))
            let metrics = try await client.call("/metrics", .get, key: nil).text
            #expect(metrics.contains(#"workjet_upstream_duration_seconds_count{provider="mock-openai"} 1"#))
            #expect(metrics.contains("workjet_audit_commit_duration_seconds_count 1"))
        }
    }

    @Test func anthropicUpstreamFailureIs502AndTimeoutIs504InAnthropicShape() async throws {
        try await withGateway { client, _, key in
            let failed = try await client.post("/v1/messages", key: key, json: anthropic("claude-fail", "hi"))
            #expect(failed.status == .badGateway)
            #expect(failed.json["type"] as? String == "error")
            #expect((failed.json["error"] as? [String: Any])?["type"] as? String == "api_error")
            let slow = try await client.post("/v1/messages", key: key, json: anthropic("claude-slow", "hi"))
            #expect(slow.status == .gatewayTimeout)
            #expect((slow.json["error"] as? [String: Any])?["type"] as? String == "overloaded_error")
            for response in [failed, slow] {
                #expect(!response.text.contains("127.0.0.1") && !response.text.contains("sk-upstream-secret"))
                #expect(response.dlp?.hasPrefix("action=allow") == true)
            }
        }
    }

    /// The client reads one event of a slow stream and hangs up: the gateway notices on its next write,
    /// drops the upstream stream (UpstreamClient closes the upstream connection, which the
    /// mock sees as a failed write), and commits a 499 `client_disconnected` record.
    @Test func clientDisconnectMidStreamCancelsTheUpstreamAndIsAudited() async throws {
        let mock = MockUpstream()
        try await mock.application().test(.live) { upstream in
            let fixture = GatewayFixture(upstreamPort: upstream.port!)
            let key = try await fixture.key()
            try await fixture.app().test(.live) { client in
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                do {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(client.port!)/v1/chat/completions")
                    request.method = .POST
                    request.headers.add(name: "authorization", value: "Bearer \(key)")
                    request.headers.add(name: "content-type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: chat("drip-model", "hi", stream: true)))
                    let response = try await http.execute(request, timeout: .seconds(60))
                    #expect(response.status == .ok)
                    var events = response.body.makeAsyncIterator()
                    let first = try await events.next()
                    #expect(first.map { String(buffer: $0).contains("drip") } == true)
                }
                try await http.shutdown()  // closes the connection mid-stream

                let pool = try fixture.tasks().pool
                var record: AuditRecord?
                // Waits for two events (the drip would run 20 s otherwise); no timing is asserted.
                for _ in 0..<1000 {
                    record = try await pool.read { db in
                        try AuditRecord.fetchOne(db, sql: "SELECT * FROM audit_log WHERE action = 'chat.completions'")
                    }
                    if record != nil, mock.dripCancelled.withLock({ $0 }) { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(mock.dripCancelled.withLock { $0 }, "the upstream stream was not cancelled")
                #expect(record?.status == 499)
                #expect(record?.detail == #"{"error":"client_disconnected"}"#)
                #expect(record?.provider == "mock-openai")
                #expect(try await AuditVerifier.verify(pool).ok)
            }
        }
    }
}
