import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import WorkjetGateway

/// Token usage from responses and streams, decimal costs on the audit record, `/admin/usage`.
@Suite struct MeteringTests {
    static let rates = TokenRates(input: Decimal("0.15"), output: Decimal("0.6"), cachedInput: Decimal("0.075"))

    @Test func costsAreExactDecimals() {
        let usage = TokenUsage(inputTokens: 1000, outputTokens: 333, cachedInputTokens: 100)
        // 900 × 0.15 + 100 × 0.075 + 333 × 0.6 = 135 + 7.5 + 199.8 = 342.3 per million
        #expect(Self.rates.cost(of: usage) == Decimal("0.0003423"))
        var total = Decimal(0)
        for _ in 0..<10 { total += TokenRates(input: Decimal("0.1"), output: 0).cost(of: TokenUsage(inputTokens: 1_000_000)) }
        #expect(total == 1)  // 0.1 ten times is exactly 1, unlike a Double
        #expect(DecimalText.format(Decimal("0.0003423")) == "0.0003423")
    }

    @Test func ratesAreReadFromTheirYAMLText() throws {
        var configuration = GatewayConfiguration()
        try configuration.apply(yaml: """
            models: [{ name: m1, provider: echo }]
            pricing:
              models:
                m1: { input: 0.15, output: "0.6", cached_input: 3 }
              workspaces:
                acme: { m1: { input: 0.1, output: 0.2 } }
            """)
        try configuration.validate()
        let rates = try #require(configuration.control.pricing.models["m1"])
        #expect(rates.input == Decimal("0.15"))
        #expect(rates.output == Decimal("0.6"))
        #expect(rates.cachedInput == 3)
        #expect(configuration.control.pricing.rates(model: "m1", workspaceName: "acme")?.input == Decimal("0.1"))
        #expect(configuration.control.pricing.rates(model: "m1", workspaceName: "other")?.input == Decimal("0.15"))
    }

    @Test(arguments: [1, 2, 3, 7, 1000])
    func openAIStreamUsageIsFoundAcrossAnyChunking(chunkSize: Int) {
        var text = ""
        for event in WireFormat.streamEvents(style: .openAI, id: "x", model: "m", pieces: ["a ", "b"], inputTokens: 1) {
            text += String(decoding: event, as: UTF8.self)
        }
        text = text.replacingOccurrences(of: "data: [DONE]", with: String(decoding: MockUpstream.openAIUsageChunk(model: "m"), as: UTF8.self) + "data: [DONE]")
        var meter = StreamUsageMeter(style: .openAI)
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            meter.feed(ByteBuffer(bytes: bytes[start..<min(bytes.count, start + chunkSize)]))
        }
        meter.finish()
        #expect(meter.usage == TokenUsage(inputTokens: 7, outputTokens: 3, cachedInputTokens: 2))
        #expect(meter.completed)
    }

    @Test(arguments: [1, 5, 64, 4096])
    func theUsageChunkIsStrippedAcrossAnyChunking(chunkSize: Int) {
        var events = WireFormat.streamEvents(style: .openAI, id: "x", model: "m", pieces: ["a ", "usage ", "b"], inputTokens: 1)
        events.insert(MockUpstream.openAIUsageChunk(model: "m"), at: events.count - 1)
        let bytes = events.flatMap { $0 }
        var stripper = UsageChunkStripper()
        var out: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            out += Array(stripper.pass(ByteBuffer(bytes: bytes[start..<min(bytes.count, start + chunkSize)])).readableBytesView)
        }
        out += Array(stripper.finish().readableBytesView)
        var expected = events
        expected.remove(at: expected.count - 2)
        #expect(out == expected.flatMap { $0 })
    }

    @Test func anthropicStreamUsageComesFromMessageEvents() {
        var meter = StreamUsageMeter(style: .anthropic)
        let events = WireFormat.streamEvents(style: .anthropic, id: "x", model: "m", pieces: ["a", "b", "c", "d"], inputTokens: 12)
        for event in events.prefix(3) { meter.feed(ByteBuffer(bytes: event)) }
        #expect(meter.usage == TokenUsage(inputTokens: 12, outputTokens: 1))
        #expect(!meter.completed)
        for event in events.dropFirst(3) { meter.feed(ByteBuffer(bytes: event)) }
        #expect(meter.usage == TokenUsage(inputTokens: 12, outputTokens: 4))
        #expect(meter.completed)
    }

    @Test func anthropicCacheReadsAreCachedInput() {
        let usage = TokenUsage.anthropic(["input_tokens": 10, "cache_read_input_tokens": 90, "cache_creation_input_tokens": 5, "output_tokens": 3])
        #expect(usage == TokenUsage(inputTokens: 105, outputTokens: 3, cachedInputTokens: 90))
    }

    @Sendable static func priced(_ configuration: inout GatewayConfiguration) {
        for model in ["gpt-test", "claude-test", "cut-model", "fail-model"] {
            configuration.control.pricing.models[model] = rates
        }
    }

    @Test func responsesAndStreamsAreMeteredOnTheAuditRecord() async throws {
        try await withLiveControl(Self.priced) { client, mock, key, fixture in
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi")).status == .ok)
            let stream = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", stream: true))
            // The gateway asked for usage; the client did not, so it does not see the usage chunk.
            #expect(mock.bodies.last?.contains(#""include_usage":true"#) == true)
            #expect(!stream.text.contains(#""usage""#))
            #expect(stream.text.contains(#""content":"mock""#) && stream.text.hasSuffix("data: [DONE]\n\n"))
            #expect(try await client.post("/v1/messages", key: key, json: anthropic("claude-test", "hi", stream: true)).status == .ok)
            #expect(try await client.post("/v1/messages", key: key, json: anthropic("claude-test", "hi")).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("fail-model", "hi")).status == .badGateway)

            let asked = #"{"model":"gpt-test","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"#
            #expect(try await client.post("/v1/chat/completions", key: key, json: asked).text.contains(#""usage""#))

            let records = try await chatRecords(fixture)
            #expect(records.count == 6)
            // 11 in, 5 out: (11 × 0.15 + 5 × 0.6) / 1e6
            #expect(records[0].cost == "0.00000465")
            #expect(records[0].inputTokens == 11 && records[0].outputTokens == 5)
            // Stream usage chunk: 7 in (2 cached), 3 out: (5 × 0.15 + 2 × 0.075 + 3 × 0.6) / 1e6
            #expect(records[1].cost == "0.0000027")
            #expect(records[1].inputTokens == 7 && records[1].outputTokens == 3)
            // Anthropic stream: 3 in from message_start, 3 out from message_delta.
            #expect(records[2].cost == "0.00000225")
            #expect(records[3].cost == "0.00000465")
            // The upstream failed: nothing to bill.
            #expect(records[4].cost == "0")
            #expect(records[5].cost == "0.0000027")
        }
    }

    @Test func aCutStreamWithoutItsUsageIsBilledAtItsReservation() async throws {
        try await withLiveControl({ configuration in
            Self.priced(&configuration)
            configuration.control.budgets.workspaceMonthlyUSD = 100
        }) { client, _, key, fixture in
            let body = chat("cut-model", "hi", maxTokens: 1000, stream: true)
            _ = try? await client.post("/v1/chat/completions", key: key, json: body)
            let records = try await chatRecords(fixture)
            #expect(records.count == 1)
            let forwarded = ChatHandler.requestingStreamUsage(Array(body.utf8))
            let reservation = Self.rates.cost(of: TokenUsage(inputTokens: forwarded.count, outputTokens: 1000))
            #expect(records.first?.cost == DecimalText.format(reservation))
            #expect(records.first?.status != 200)
        }
    }

    @Test func usageIsAggregatedPerModelDayKeyAndUserWithinTheWorkspace() async throws {
        try await withLiveControl(Self.priced) { client, _, key, fixture in
            for _ in 0..<3 { try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi")) }
            try await client.post("/v1/messages", key: key, json: anthropic("claude-test", "hi"))
            let other = try await fixture.key("globex")
            try await client.post("/v1/chat/completions", key: other, json: chat("gpt-test", "hi"))

            let byModel = try await client.call("/admin/usage?group_by=model", .get, key: key).json
            let rows = try #require(byModel["data"] as? [[String: Any]])
            #expect(rows.count == 2)
            let gpt = try #require(rows.first { $0["model"] as? String == "gpt-test" })
            #expect(gpt["requests"] as? Int == 3)
            #expect(gpt["input_tokens"] as? Int == 33)
            #expect(gpt["output_tokens"] as? Int == 15)
            #expect(gpt["cost_usd"] as? String == "0.00001395")
            #expect(gpt["day"] == nil)

            let full = try await client.call("/admin/usage?model=claude-test", .get, key: key).json
            let claude = try #require((full["data"] as? [[String: Any]])?.first)
            #expect(claude["day"] as? String == UsageQuery.day(WallClock.nowMillis()))
            #expect(claude["key_id"] as? String != nil)
            #expect((full["data"] as? [Any])?.count == 1)

            let bad = try await client.call("/admin/usage?group_by=model,colour", .get, key: key)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("colour"))
            let globex = try await client.call("/admin/usage", .get, key: other).json
            #expect((globex["data"] as? [Any])?.count == 1)

            // What `workjet usage` reads: the same rows from the database.
            let tasks = try fixture.tasks()
            let stored = try await tasks.usage(workspace: "acme") { $0.groupBy = [.model] }
            #expect(stored.map { $0.model } == ["claude-test", "gpt-test"])
            #expect(stored.last?.costUSD == "0.00001395")
            var budgets = BudgetConfiguration()
            budgets.workspaceMonthlyUSD = 10
            let standing = try await tasks.budgetStanding(workspace: "acme", budgets: budgets)
            #expect(standing.spent == Decimal("0.0000186") && standing.cap == 10)
        }
    }
}
