import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// Aliases with fallback, bounded attempts, circuit breakers, tiers; through the real application.
@Suite struct RoutingTests {
    typealias Deployment = RoutingConfiguration.Deployment

    static func alias(_ deployments: [Deployment], _ extra: @escaping @Sendable (inout RoutingConfiguration) -> Void = { _ in })
        -> @Sendable (inout GatewayConfiguration) -> Void
    {
        { configuration in
            configuration.providers.append(ProviderConfiguration(name: "dead", kind: .openai, baseURL: "http://127.0.0.1:1/v1"))
            configuration.upstreamConnectTimeoutSeconds = 0.5
            configuration.control.routing.aliases["smart"] = deployments
            configuration.control.routing.backoffBaseMilliseconds = 0
            configuration.control.routing.backoffMaxMilliseconds = 0
            extra(&configuration.control.routing)
        }
    }

    static func models(_ mock: MockUpstream) -> [String] {
        mock.bodies.compactMap { body in
            ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["model"] as? String
        }
    }

    static func attempts(_ record: AuditRecord?) -> [String] {
        guard let detail = record?.detail,
            let object = (try? JSONSerialization.jsonObject(with: Data(detail.utf8))) as? [String: Any]
        else { return [] }
        return object["attempts"] as? [String] ?? []
    }

    @Test(arguments: ["mock-500", "mock-429"])
    func failingDeploymentsFallBackInPriorityOrder(failing: String) async throws {
        try await withLiveControl(Self.alias([
            Deployment(provider: "mock-openai", model: "good", priority: 2),
            Deployment(provider: "mock-openai", model: failing, priority: 1),
        ])) { client, mock, key, fixture in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi"))
            #expect(response.status == .ok)
            #expect(response.text.contains("hello from good"))
            #expect(Self.models(mock) == [failing, "good"])
            let record = try await chatRecords(fixture).last
            #expect(Self.attempts(record) == ["mock-openai/\(failing):\(failing.suffix(3))", "mock-openai/good:200"])
            #expect(record?.provider == "mock-openai")
            #expect(record?.modelRequested == "smart")
        }
    }

    @Test func timeoutsFallBack() async throws {
        try await withLiveControl(Self.alias([
            Deployment(provider: "mock-openai", model: "mock-slow", priority: 1),
            Deployment(provider: "mock-openai", model: "good", priority: 2),
        ])) { client, mock, key, fixture in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi"))
            #expect(response.status == .ok)
            #expect(Self.models(mock) == ["mock-slow", "good"])
            #expect(Self.attempts(try await chatRecords(fixture).last) == ["mock-openai/mock-slow:upstream_timeout", "mock-openai/good:200"])
        }
    }

    @Test func connectionErrorsFallBack() async throws {
        try await withLiveControl(Self.alias([
            Deployment(provider: "dead", model: "x", priority: 1),
            Deployment(provider: "mock-anthropic", model: "claude-good", priority: 2),
            Deployment(provider: "mock-openai", model: "good", priority: 3),
        ])) { client, mock, key, fixture in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi"))
            #expect(response.status == .ok)
            // The Anthropic deployment serves the OpenAI-schema request through the translation.
            #expect(Self.models(mock) == ["claude-good"])
            let attempts = Self.attempts(try await chatRecords(fixture).last)
            #expect(attempts.count == 2)
            #expect(attempts.first?.hasPrefix("dead/x:upstream_") == true)  // refused, or timed out retrying
            #expect(attempts.last == "mock-anthropic/claude-good:200")
        }
    }

    @Test func attemptsAreBounded() async throws {
        try await withLiveControl(Self.alias(
            (1...4).map { Deployment(provider: "mock-openai", model: "mock-500", priority: $0) }, { $0.maxAttempts = 2 })
        ) { client, mock, key, fixture in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi"))
            #expect(response.status == .badGateway)
            #expect(mock.bodies.count == 2)
            let record = try await chatRecords(fixture).last
            #expect(Self.attempts(record) == ["mock-openai/mock-500:500", "mock-openai/mock-500:500"])
            #expect(record?.detail?.contains(#""error":"upstream_error""#) == true)
        }
    }

    @Test func theBreakerOpensAfterConsecutiveFailuresAndProbesAfterTheCoolDown() async throws {
        let clock = ManualControlClock()
        try await withLiveControl({ configuration in
            Self.alias([
                Deployment(provider: "mock-openai", model: "mock-500", priority: 1),
                Deployment(provider: "mock-openai", model: "good", priority: 2),
            ], { $0.breaker = .init(failures: 2, cooldownSeconds: 30) })(&configuration)
            configuration.control.clock = clock
        }) { client, mock, key, fixture async throws in
            for _ in 0..<3 { #expect(try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi")).status == .ok) }
            // Two failures opened the circuit: the third request went straight to the fallback.
            #expect(Self.models(mock) == ["mock-500", "good", "mock-500", "good", "good"])
            #expect(Self.attempts(try await chatRecords(fixture).last) == ["mock-openai/mock-500:circuit_open", "mock-openai/good:200"])
            clock.advance(seconds: 31)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi")).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi")).status == .ok)
            // One probe after the cool-down; it failed, so the circuit is open again.
            #expect(Self.models(mock).suffix(3) == ["mock-500", "good", "good"])
        }
    }

    @Test func anOpenCircuitOnEveryDeploymentIs503() async throws {
        try await withLiveControl(Self.alias(
            [Deployment(provider: "mock-openai", model: "mock-500")], { $0.breaker = .init(failures: 1, cooldownSeconds: 30) })
        ) { client, mock, key, _ in
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi")).status == .badGateway)
            let paused = try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi"))
            #expect(paused.status == .serviceUnavailable)
            #expect(paused.text.contains("circuit breaker"))
            #expect(mock.bodies.count == 1)
        }
    }

    @Test func noFallbackOnceStreamingBytesReachedTheClient() async throws {
        try await withLiveControl(Self.alias([
            Deployment(provider: "mock-openai", model: "mock-cut", priority: 1),
            Deployment(provider: "mock-openai", model: "good", priority: 2),
        ])) { client, mock, key, fixture in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi", stream: true))
            #expect(response.status == .ok)
            // The cut deployment's first event reached the client, so the stream cannot move elsewhere.
            #expect(response.text.hasPrefix(#"data: {"#) && response.text.contains(#""model":"mock-cut""#))
            #expect(response.text.hasSuffix("\n\n"))
            #expect(response.text.contains(#"data: {"error":"#))
            #expect(Self.models(mock) == ["mock-cut"])
            #expect(try await chatRecords(fixture).last?.status == 502)
        }
    }

    @Test func tiersDecideWhichAliasesAWorkspaceMayUse() async throws {
        try await withLiveControl(Self.alias([Deployment(provider: "mock-openai", model: "good")], { routing in
            routing.aliases["cheap"] = [Deployment(provider: "mock-openai", model: "cheap-upstream")]
            routing.tiers = ["free": ["cheap"], "pro": ["*"]]
            routing.workspaces = ["acme": "pro"]
        })) { client, _, key, fixture in
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi")).status == .ok)
            let free = try await fixture.key("globex")
            let refused = try await client.post("/v1/chat/completions", key: free, json: chat("smart", "hi"))
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("not available on this workspace's tier (free)"))
            #expect(try await client.post("/v1/chat/completions", key: free, json: chat("cheap", "hi")).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: free, json: chat("gpt-test", "hi")).status == .ok)
            let models = try await client.call("/v1/models", .get, key: free).text
            #expect(models.contains("smart") && models.contains("gpt-test"))
        }
    }

    @Test func workspacesCanHaveTheirOwnAliases() async throws {
        try await withLiveControl(Self.alias([Deployment(provider: "mock-openai", model: "good")], { routing in
            routing.workspaceAliases = ["acme": [
                "smart": [Deployment(provider: "mock-openai", model: "acme-upstream")],
                "private": [Deployment(provider: "mock-openai", model: "acme-private")],
            ]]
            routing.tiers = ["free": [], "pro": ["smart"]]
        })) { client, mock, key, fixture in
            let other = try await fixture.key("globex")
            // acme's own aliases, whatever its (default, empty) tier allows.
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi")).text.contains("hello from acme-upstream"))
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("private", "hi")).status == .ok)
            // globex has the shared alias only, gated by its tier.
            #expect(try await client.post("/v1/chat/completions", key: other, json: chat("smart", "hi")).status == .forbidden)
            #expect(try await client.post("/v1/chat/completions", key: other, json: chat("private", "hi")).status == .notFound)
            #expect(Self.models(mock) == ["acme-upstream", "acme-private"])
        }
    }

    @Test func anthropicRequestsAreTranslatedForOpenAIDeployments() async throws {
        try await withLiveControl(Self.alias([Deployment(provider: "mock-openai", model: "good")])) { client, mock, key, fixture in
            let response = try await client.post("/v1/messages", key: key, json: anthropic("smart", "hi"))
            #expect(response.status == .ok)
            #expect(response.json["type"] as? String == "message")
            #expect(response.json["stop_reason"] as? String == "end_turn")
            #expect(((response.json["content"] as? [[String: Any]])?.first)?["text"] as? String == "hello from good")
            #expect((response.json["usage"] as? [String: Any])?["output_tokens"] as? Int == 5)
            let sent = try #require((try? JSONSerialization.jsonObject(with: Data(mock.bodies[0].utf8))) as? [String: Any])
            let messages = try #require(sent["messages"] as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["system", "user"])
            #expect(messages.map { $0["content"] as? String } == ["be brief", "hi"])
            #expect(sent["max_tokens"] as? Int == 64)
            #expect(sent["system"] == nil)

            let stream = try await client.post("/v1/messages", key: key, json: anthropic("smart", "hi", stream: true))
            #expect(stream.status == .ok)
            #expect(stream.text.hasPrefix("event: message_start"))
            #expect(stream.text.contains(#""text":"hello ""#))
            #expect(stream.text.contains("event: message_delta"))
            #expect(stream.text.hasSuffix("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
            #expect(mock.bodies[1].contains(#""include_usage":true"#))
            let records = try await chatRecords(fixture)
            #expect(records.map(\.status) == [200, 200])
            #expect(records[0].inputTokens == 11 && records[0].outputTokens == 5)
            // The OpenAI usage chunk (7 in, 2 of them cached, 3 out) reaches the Anthropic-side meter.
            #expect(records[1].inputTokens == 7 && records[1].outputTokens == 3)
        }
    }

    @Test(arguments: [
        (#"{"model":"smart","max_tokens":8,"tools":[],"messages":[{"role":"user","content":"hi"}]}"#, "the field 'tools'"),
        (#"{"model":"smart","max_tokens":8,"messages":[{"role":"user","content":[{"type":"image","source":{}}]}]}"#, "'image' block"),
        (#"{"model":"smart","max_tokens":8,"top_k":3,"messages":[{"role":"user","content":"hi"}]}"#, "the field 'top_k'"),
    ])
    func unsoundTranslationsAreRefusedWithTheReason(body: String, reason: String) async throws {
        try await withLiveControl(Self.alias([Deployment(provider: "mock-openai", model: "good")])) { client, mock, key, _ in
            let response = try await client.post("/v1/messages", key: key, json: body)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(reason))
            #expect(response.text.contains("no sound OpenAI equivalent"))
            #expect(mock.bodies.isEmpty)
        }
    }

    @Test func openAIRequestsAreTranslatedForAnthropicDeployments() async throws {
        try await withLiveControl(Self.alias([Deployment(provider: "mock-anthropic", model: "claude-good")])) { client, mock, key, fixture in
            let response = try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi"))
            #expect(response.status == .ok)
            #expect(response.json["object"] as? String == "chat.completion")
            let choice = try #require((response.json["choices"] as? [[String: Any]])?.first)
            #expect((choice["message"] as? [String: Any])?["content"] as? String == "hello from claude-good")
            #expect(choice["finish_reason"] as? String == "stop")
            #expect((response.json["usage"] as? [String: Any])?["prompt_tokens"] as? Int == 11)
            let sent = try #require((try? JSONSerialization.jsonObject(with: Data(mock.bodies[0].utf8))) as? [String: Any])
            #expect(sent["system"] as? String == "be brief")
            #expect((sent["messages"] as? [[String: Any]])?.map { $0["role"] as? String } == ["user"])
            #expect(sent["max_tokens"] as? Int == 4096)

            let stream = try await client.post("/v1/chat/completions", key: key, json: chat("smart", "hi", stream: true))
            #expect(stream.status == .ok)
            #expect(stream.text.hasPrefix("data: {"))
            #expect(stream.text.contains(#""content":"hello ""#))
            #expect(stream.text.contains(#""finish_reason":"stop""#))
            #expect(!stream.text.contains(#""usage""#))
            #expect(stream.text.hasSuffix("data: [DONE]\n\n"))
            let records = try await chatRecords(fixture)
            #expect(records.map(\.status) == [200, 200])
            #expect(records[1].inputTokens == 3 && records[1].outputTokens == 3)
        }
    }

    @Test(arguments: [
        (#"{"model":"smart","tools":[],"messages":[{"role":"user","content":"hi"}]}"#, "the field 'tools'"),
        (#"{"model":"smart","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}"#, "'image_url' part"),
        (#"{"model":"smart","temperature":1.5,"messages":[{"role":"user","content":"hi"}]}"#, "temperature above 1"),
        (#"{"model":"smart","messages":[{"role":"user","content":"hi"},{"role":"system","content":"late"}]}"#, "system message after"),
    ])
    func unsoundOpenAITranslationsAreRefused(body: String, reason: String) async throws {
        try await withLiveControl(Self.alias([Deployment(provider: "mock-anthropic", model: "claude-good")])) { client, mock, key, _ in
            let response = try await client.post("/v1/chat/completions", key: key, json: body)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(reason))
            #expect(response.text.contains("no sound Anthropic equivalent"))
            #expect(mock.bodies.isEmpty)
        }
    }

    @Test func backoffDoublesUpToItsMaximumWithJitter() {
        let backoff = Backoff(baseMilliseconds: 100, maxMilliseconds: 1000)
        #expect((1...6).map { backoff.ceiling(retry: $0) } == [100, 200, 400, 800, 1000, 1000])
        var generator = SeededGenerator(seed: 7)
        let delays = (0..<200).map { _ in backoff.delay(retry: 2, using: &generator) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(200) })
        #expect(Set(delays).count > 50)
        #expect(Backoff(baseMilliseconds: 0, maxMilliseconds: 0).delay(retry: 3, using: &generator) == .zero)
    }

    @Test func weightsShareTheFirstPlaceWithinAPriority() {
        let provider = EchoProvider(name: "e")
        let candidates = [
            DeploymentRouter.Candidate(deployment: Deployment(provider: "e", model: "heavy", priority: 1, weight: 3), provider: provider),
            DeploymentRouter.Candidate(deployment: Deployment(provider: "e", model: "light", priority: 1, weight: 1), provider: provider),
            DeploymentRouter.Candidate(deployment: Deployment(provider: "e", model: "backup", priority: 2, weight: 100), provider: provider),
        ]
        var generator = SeededGenerator(seed: 42)
        var heavyFirst = 0
        for _ in 0..<4000 {
            let order = DeploymentRouter.order(candidates, using: &generator).map(\.deployment.model)
            #expect(order.last == "backup")
            if order.first == "heavy" { heavyFirst += 1 }
        }
        #expect((2800...3200).contains(heavyFirst))
    }

    @Test func breakerStates() {
        let breakers = CircuitBreakers(.init(failures: 3, cooldownSeconds: 10))
        let s: UInt64 = 1_000_000_000
        for _ in 0..<2 { breakers.failed("a", now: 0) }
        #expect(breakers.admit("a", now: 0) == .closed)
        breakers.succeeded("a")
        for _ in 0..<2 { breakers.failed("a", now: 0) }
        #expect(breakers.admit("a", now: 0) == .closed)  // the success reset the count
        breakers.failed("a", now: 0)
        #expect(breakers.admit("a", now: 9 * s) == .open)
        #expect(breakers.admit("a", now: 10 * s) == .probe)
        #expect(breakers.admit("a", now: 10 * s) == .open)  // only one probe at a time
        breakers.succeeded("a")
        #expect(breakers.admit("a", now: 10 * s) == .closed)
        #expect(breakers.admit("b", now: 0) == .closed)
    }

    @Test(arguments: [
        ("routing: { aliases: { smart: [{ provider: nope, model: m }] } }", "names provider 'nope'"),
        ("routing: { aliases: { smart: [] } }", "has no deployments"),
        ("routing: { aliases: { m1: [{ provider: echo, model: x }] } }", "also the name of a model"),
        ("routing: { aliases: { smart: [{ provider: echo, model: x, weight: 0 }] } }", "weight"),
        ("routing: { aliases: { smart: [{ provider: echo, model: x }] }, tiers: { free: [dumb] } }", "names alias 'dumb'"),
        ("routing: { aliases: { smart: [{ provider: echo, model: x }] }, tiers: { pro: [smart] } }", "default_tier 'free'"),
        ("routing: { tiers: { free: ['*'] }, workspaces: { acme: gold } }", "tier 'gold'"),
        ("routing: { max_attempts: 0 }", "max_attempts"),
        ("routing: { backoff_base_ms: 500, backoff_max_ms: 100 }", "backoff_base_ms"),
        ("routing: { breaker: { failures: 0 } }", "breaker.failures"),
        ("routing: { aliases: { smart: [{ provider: echo }] } }", "missing key 'model'"),
        ("routing: { workspace_aliases: { acme: { mine: [{ provider: ghost, model: x }] } } }", "workspace 'acme' alias 'mine' names provider 'ghost'"),
        ("routing: { workspace_aliases: { acme: { m1: [{ provider: echo, model: x }] } } }", "also the name of a model"),
    ])
    func badRoutingIsRejectedAtLoad(yaml: String, message: String) throws {
        var configuration = GatewayConfiguration()
        do {
            try configuration.apply(yaml: ControlConfigurationTests.models + yaml)
            try configuration.validate()
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}

/// A deterministic generator (SplitMix64) so that randomised choices are testable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
