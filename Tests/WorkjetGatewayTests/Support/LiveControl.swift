import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// Runs a gateway (configured by `configure`) in front of the mock upstream, both live on port 0, with an
/// owner key of workspace `acme`. Extra models steer the mock's failures: `limited-model` (429) and
/// `cut-model` (a stream cut halfway).
func withLiveControl(
    setup: TestingSetup = .live,
    _ configure: @escaping @Sendable (inout GatewayConfiguration) -> Void,
    _ body: @escaping @Sendable (any TestClientProtocol, MockUpstream, String, GatewayFixture) async throws -> Void
) async throws {
    let mock = MockUpstream()
    try await mock.application().test(.live) { upstream in
        var fixture = GatewayFixture(upstreamPort: upstream.port!)
        fixture.configuration.models += [
            ModelConfiguration(name: "limited-model", provider: "mock-openai", upstreamModel: "mock-429"),
            ModelConfiguration(name: "cut-model", provider: "mock-openai", upstreamModel: "mock-cut"),
            ModelConfiguration(name: "cut-claude", provider: "mock-anthropic", upstreamModel: "mock-cut"),
        ]
        fixture.configuration.control.clock = ManualControlClock()
        configure(&fixture.configuration)
        let key = try await fixture.key()
        let ready = fixture
        try await fixture.app().test(setup) { client in try await body(client, mock, key, ready) }
    }
}

/// Chat records of the audit log, oldest first.
func chatRecords(_ fixture: GatewayFixture) async throws -> [AuditRecord] {
    var query = AuditQuery()
    query.limit = 1000
    query.action = "chat.completions"
    let openAI = try await query.run(try fixture.tasks().pool)
    query.action = "messages"
    let anthropic = try await query.run(try fixture.tasks().pool)
    return (openAI + anthropic).sorted { ($0.seq ?? 0) < ($1.seq ?? 0) }
}

/// An OpenAI request with `max_tokens`.
func chat(_ model: String, _ text: String, maxTokens: Int, stream: Bool = false) -> String {
    #"{"model":"\#(model)","stream":\#(stream),"max_tokens":\#(maxTokens),"messages":[{"role":"user","content":"\#(text)"}]}"#
}

extension Decimal {
    init(_ text: String) { self = Decimal(string: text)! }
}
