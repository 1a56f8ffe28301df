import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// The issue's "bad input" list against a live gateway logging at trace level: no response and no log
/// line carries a key, a scanned value, the provider's key or a stack trace.
@Suite(.serialized) struct LogSafetyTests {
    @Test func noSecretOrStackTraceReachesAResponseOrTheLog() async throws {
        let mock = MockUpstream()
        let sink = LogSink()
        try await mock.application().test(.live) { upstream in
            var fixture = GatewayFixture(upstreamPort: upstream.port!, maxBodyBytes: 4000)
            fixture.logger = sink.logger()
            let key = try await fixture.key()
            let revoked = try await fixture.key("acme", role: .member)
            _ = try await fixture.tasks().revokeKey(try await fixture.tasks().listKeys(workspace: "acme").first { $0.role == .member }!.id)
            let bodies = try await fixture.app().test(.live) { client in
                var bodies: [String] = []
                let calls: [(String, String?, String)] = [
                    ("/v1/chat/completions", key, chat("gpt-test", "card 4111 1111 1111 1111")),
                    ("/v1/chat/completions", key, chat("gpt-test", "SSN 536-22-8745")),
                    ("/v1/messages", key, anthropic("claude-test", "SSN 536-22-8745")),
                    ("/v1/chat/completions", key, chat("fail-model", "card 4111 1111 1111 1111")),
                    ("/v1/chat/completions", key, chat("slow-model", "card 4111 1111 1111 1111")),
                    ("/v1/messages", key, anthropic("claude-fail", "hi")),
                    ("/v1/chat/completions", key, #"{"model":"gpt-test","messages":[{"role":"user","content":"4111 1111 1111 1111"#),
                    ("/v1/messages", key, #"{"model":"claude-test","messages":"536-22-8745"}"#),
                    ("/v1/chat/completions", key, chat("gpt-test", "4111 1111 1111 1111 " + String(repeating: "x", count: 5000))),
                    ("/v1/chat/completions", key, chat("nope", "4111 1111 1111 1111")),
                    ("/v1/chat/completions", revoked, chat("gpt-test", "4111 1111 1111 1111")),
                    ("/v1/chat/completions", "wj_live_" + String(repeating: "Z", count: 43), chat("gpt-test", "hi")),
                    ("/v1/chat/completions", nil, chat("gpt-test", "hi")),
                ]
                for (path, key, body) in calls {
                    let response = try await client.post(path, key: key, json: body)
                    bodies.append("\(response.status.code) \(response.headers) \(response.text)")
                }
                return bodies
            }
            let responses = bodies.joined(separator: "\n")
            let log = sink.text
            #expect(!log.isEmpty, "the capturing handler saw nothing, so this test would prove nothing")
            for (name, text) in [("responses", responses), ("log", log)] {
                for secret in [key, revoked, "4111 1111", "536-22-8745", "sk-upstream-secret", "wj_live_ZZZZ"] {
                    #expect(!text.contains(secret), "\(name) contain \(secret.prefix(12))…")
                }
                for trace in ["Fatal error", "Stack dump", "#0 0x", ".swift:", "Backtrace"] {
                    #expect(!text.contains(trace), "\(name) contain a stack trace marker \(trace)")
                }
            }
        }
    }
}
