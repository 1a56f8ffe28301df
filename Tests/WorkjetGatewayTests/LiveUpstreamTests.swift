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
        }
    }
}
