import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// The request pipeline through the real application with the built-in echo provider.
@Suite struct ProxyRouterTests {
    @Test func redactsACardAndEchoesTheRedactedPrompt() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "pay with 4111 1111 1111 1111 please"))
            #expect(response.status == .ok)
            #expect(!response.text.contains("4111"))
            #expect(response.text.contains("[CREDIT_CARD]"))
            #expect(response.dlp?.hasPrefix("action=redact; types=CREDIT_CARD:1; scan_us=") == true)
            #expect(response.headers[HeaderName.requestID] != nil)
        }
    }

    @Test func blocksAnSSNNamingTheTypeNotTheValue() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "my SSN is 536-22-8745"))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("US_SSN"))
            #expect(!response.text.contains("536-22-8745"))
            #expect((response.json["error"] as? [String: Any])?["code"] as? String == "dlp_blocked")
            #expect(response.dlp?.contains("action=block") == true)
            let anthropicResponse = try await client.post("/v1/messages", key: key, json: anthropic("echo-1", "SSN 536-22-8745"))
            #expect(anthropicResponse.status == .badRequest)
            #expect(anthropicResponse.json["type"] as? String == "error")
        }
    }

    /// Numbers glued so that redacting each exposes the next, more than the engine's passes can settle: the
    /// policy says redact, but forwarding the body would leak the rest, so the request is blocked instead.
    @Test func aRedactionThatDoesNotSettleBlocks() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        let numbers = ["(415) 554-0144", "207 946 0958", "517 802 6278", "312 867 4410", "614 723 9981", "713 284 5567",
                       "818 392 7741", "919 462 3385", "303 871 2296"]
        try await fixture.app().test(.router) { client in
            let glued = "call jane.doe@example.com" + numbers.joined(separator: " ")
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", glued))
            #expect(response.status == .badRequest)
            #expect((response.json["error"] as? [String: Any])?["code"] as? String == "dlp_blocked")
            #expect(response.text.contains("did not settle") && response.text.contains("PHONE_NUMBER"))
            #expect(!numbers.contains { response.text.contains($0) })
            // Six numbers settle within the passes and are redacted as the policy says.
            let settled = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "call jane.doe@example.com" + numbers.prefix(6).joined(separator: " ")))
            #expect(settled.status == .ok)
            #expect(!numbers.contains { settled.text.contains($0) })
            // The numbers found by later passes count too.
            #expect(settled.dlp?.hasPrefix("action=redact; types=EMAIL_ADDRESS:1,PHONE_NUMBER:6;") == true)
        }
    }

    @Test func warnForwardsUnchanged() async throws {
        var fixture = GatewayFixture()
        var policy = PolicyDocument()
        policy.input.entityTypes["EMAIL_ADDRESS"] = TypeRule(action: .warn)
        policy.output.defaultAction = .allow
        fixture.configuration.defaultPolicy = policy
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "mail bob@example.com"))
            #expect(response.status == .ok)
            #expect(response.text.contains("bob@example.com"))
            #expect(response.dlp?.hasPrefix("action=warn; types=EMAIL_ADDRESS:1") == true)
        }
    }

    @Test func echoStreamsInBothSchemas() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let openAI = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "card 4111 1111 1111 1111", stream: true))
            #expect(openAI.status == .ok)
            #expect(openAI.headers[.contentType] == "text/event-stream")
            #expect(openAI.text.contains("data: [DONE]"))
            #expect(!openAI.text.contains("4111 1111"))
            let claude = try await client.post("/v1/messages", key: key, json: anthropic("echo-1", "hi there", stream: true))
            #expect(claude.text.contains("event: message_stop"))
        }
    }

    @Test(arguments: [
        ("not json", 400, "invalid_request"),
        (#"{"model":"echo-1"}"#, 400, "invalid_request"),
        (#"{"model":"echo-1","messages":"hi"}"#, 400, "invalid_request"),
        (#"{"model":"echo-1","messages":[]}"#, 400, "invalid_request"),
        (#"{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}"#, 404, "model_not_found"),
    ])
    func rejectsBadInput(body: String, status: Int, code: String) async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: key, json: body)
            #expect(response.status.code == status)
            #expect((response.json["error"] as? [String: Any])?["code"] as? String == code)
        }
    }

    @Test(arguments: [
        ("not json", 400, "invalid_request_error"),
        ("[1,2]", 400, "invalid_request_error"),
        (#"{"model":"echo-1","max_tokens":5}"#, 400, "invalid_request_error"),
        (#"{"model":"echo-1","max_tokens":"5","messages":[{"role":"user","content":"hi"}]}"#, 400, "invalid_request_error"),
        (#"{"model":"echo-1","max_tokens":5,"messages":[]}"#, 400, "invalid_request_error"),
        (#"{"model":"no-such-model","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#, 404, "not_found_error"),
    ])
    func rejectsBadInputInAnthropicShape(body: String, status: Int, type: String) async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/messages", key: key, json: body)
            #expect(response.status.code == status)
            #expect(response.json["type"] as? String == "error")
            let error = response.json["error"] as? [String: Any]
            #expect(error?["type"] as? String == type)
            #expect((error?["message"] as? String)?.isEmpty == false)
            #expect(response.dlp == DLPSummary.notScannedHeaderValue)
        }
    }

    @Test func rejectsBodiesOverTheLimit() async throws {
        let fixture = GatewayFixture(maxBodyBytes: 1000)
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", String(repeating: "a", count: 5000)))
            #expect(response.status == .contentTooLarge)
            #expect((response.json["error"] as? [String: Any])?["code"] as? String == "request_too_large")
            let claude = try await client.post("/v1/messages", key: key, json: anthropic("echo-1", String(repeating: "a", count: 5000)))
            #expect(claude.status == .contentTooLarge)
            #expect((claude.json["error"] as? [String: Any])?["type"] as? String == "request_too_large")
            #expect(claude.dlp == DLPSummary.notScannedHeaderValue)
        }
    }

    @Test func everyV1ResponseCarriesTheDLPHeader() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let unauthenticated = try await client.post("/v1/chat/completions", key: nil, json: chat("echo-1", "hi"))
            #expect(unauthenticated.status == .unauthorized)
            #expect(unauthenticated.dlp == DLPSummary.notScannedHeaderValue)
            let anthropicUnauthenticated = try await client.post("/v1/messages", key: "wj_live_nope", json: anthropic("echo-1", "hi"))
            #expect(anthropicUnauthenticated.status == .unauthorized)
            #expect(anthropicUnauthenticated.json["type"] as? String == "error")
            #expect(anthropicUnauthenticated.dlp == DLPSummary.notScannedHeaderValue)
            #expect(try await client.call("/v1/models", .get, key: key).dlp == DLPSummary.notScannedHeaderValue)
            let clean = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hello there"))
            #expect(clean.dlp?.hasPrefix("action=allow; types=none; scan_us=") == true)
        }
    }

    @Test func anthropicNeedsMaxTokens() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let response = try await client.post("/v1/messages", key: key, json: #"{"model":"echo-1","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .badRequest)
            #expect((response.json["error"] as? [String: Any])?["type"] as? String == "invalid_request_error")
        }
    }

    @Test func healthReadinessModelsAndMetrics() async throws {
        let fixture = GatewayFixture()
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            #expect(try await client.call("/healthz", .get, key: nil).status == .ok)
            #expect(try await client.call("/readyz", .get, key: nil).status == .ok)
            let models = try await client.call("/v1/models", .get, key: key)
            #expect(models.text.contains("echo-1"))
            try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "card 4111 1111 1111 1111"))
            try await client.post("/v1/chat/completions", key: nil, json: chat("echo-1", "hi"))
            let metrics = try await client.call("/metrics", .get, key: nil).text
            #expect(metrics.contains(#"workjet_requests_total{route="chat.completions",status="200"} 1"#))
            #expect(metrics.contains(#"workjet_requests_total{route="chat.completions",status="401"} 1"#))
            #expect(metrics.contains(#"workjet_requests_total{route="models",status="200"} 1"#))
            #expect(metrics.contains(#"workjet_dlp_findings_total{entity_type="CREDIT_CARD",action="redact",direction="input"} 1"#))
            #expect(metrics.contains(#"workjet_request_duration_seconds_bucket{route="chat.completions""#))
            #expect(metrics.contains(#"workjet_dlp_scan_duration_seconds_bucket{direction="input""#))
        }
    }

    /// The byte-level shortcut of `printable` gives what the character filter gives, for every kind of name.
    @Test func printableModelNamesMatchTheCharacterFilter() {
        let reference = { (s: String) in String(s.prefix(100).filter { $0.isLetter || $0.isNumber || "-_.:/@".contains($0) }) }
        let names = [
            "", "gpt-4o-mini", "claude-3-5-sonnet@20241022", "org/model:v1.2_b", "model name with spaces",
            #"quote"and\backslash"#, "tab\tnewline\n", String(repeating: "a", count: 100), String(repeating: "b", count: 101),
            String(repeating: "c", count: 99) + "é", "modèle-é", "模型-1", "e\u{301}cole", "🙂-model", "name\u{0}nul", "x%y+z=w",
        ]
        for name in names {
            #expect(StaticModelRouter.printable(name) == reference(name), "\(name.debugDescription)")
        }
        #expect(StaticModelRouter.printable(String(repeating: "b", count: 101)).count == 100)
        #expect(StaticModelRouter.printable("a b") == "ab")
    }
}
