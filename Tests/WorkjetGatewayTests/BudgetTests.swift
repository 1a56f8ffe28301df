import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import WorkjetGateway

/// Monthly caps: reserve before forwarding, settle after, exact under concurrency.
@Suite struct BudgetTests {
    /// Input free, output 1,000 USD per million: a request with `max_tokens: 5` reserves 0.005 USD and,
    /// as the mock answers with 5 output tokens, settles at exactly that.
    static func priced(cap: Decimal?) -> @Sendable (inout GatewayConfiguration) -> Void {
        { configuration in
            let defined = Set(configuration.models.map(\.name))
            for model in ["gpt-test", "claude-test", "fail-model", "limited-model"] where defined.contains(model) {
                configuration.control.pricing.models[model] = TokenRates(input: 0, output: 1000)
            }
            configuration.control.budgets.workspaceMonthlyUSD = cap
        }
    }

    @Test func twoHundredConcurrentRequestsAtACapForFiftyForwardAtMostFifty() async throws {
        try await withLiveControl(setup: .ahc(.http), Self.priced(cap: Decimal("0.25"))) { client, mock, key, fixture in
            let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        let response = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5))
                        return (Int(response.status.code), ((response.json["error"] as? [String: Any])?["code"] as? String) ?? "")
                    }
                }
                var all: [(Int, String)] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(mock.bodies.count == 50)
            #expect(statuses.filter { $0.0 == 200 }.count == 50)
            #expect(statuses.filter { $0 == (429, "budget_exceeded") }.count == 150)
            let records = try await chatRecords(fixture)
            #expect(records.filter { $0.status == 429 && $0.detail?.contains("budget_exceeded") == true }.count == 150)
            let usage = try await client.call("/admin/usage", .get, key: key).json
            let budget = try #require((usage["budgets"] as? [[String: Any]])?.first)
            #expect(budget["spent_usd"] as? String == "0.25")
            #expect(budget["reserved_usd"] as? String == "0")
        }
    }

    @Test func reservationsSettleToTheRealCostAndWarnPastTheThreshold() async throws {
        try await withLiveControl(Self.priced(cap: Decimal("0.02"))) { client, mock, key, _ in
            // Reserves 100 output tokens (0.1 USD, over the cap) — refused before it is forwarded.
            let tooBig = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 100))
            #expect(tooBig.status == .tooManyRequests)
            #expect(tooBig.text.contains("lower max_tokens"))
            #expect(mock.bodies.isEmpty)
            // Reserves 10 output tokens (0.01), settles at the 5 used (0.005). Reserved share after each:
            // 0.01, 0.015, 0.02 of 0.02; the third reaches the 80% threshold.
            var warnings: [String?] = []
            for _ in 0..<3 {
                let response = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 10))
                #expect(response.status == .ok)
                warnings.append(response.headers[HeaderName.budgetWarning])
            }
            #expect(warnings == [nil, nil, "workspace=100%"])
            // 0.015 spent: a 0.01 reservation no longer fits, a 0.005 one does.
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 10)).status == .tooManyRequests)
            let last = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5))
            #expect(last.status == .ok)
            #expect(last.headers[HeaderName.budgetWarning] == "workspace=100%")
            #expect(mock.bodies.count == 4)
            let usage = try await client.call("/admin/usage", .get, key: key).json
            let budget = try #require((usage["budgets"] as? [[String: Any]])?.first)
            #expect(budget["spent_usd"] as? String == "0.02")
            #expect(budget["warning"] as? Bool == true)
            #expect(budget["used_percent"] as? String == "100")
            let anthropicStyle = try await client.post("/v1/messages", key: key, json: anthropic("claude-test", "hi"))
            #expect(anthropicStyle.status == .tooManyRequests)
            #expect((anthropicStyle.json["error"] as? [String: Any])?["type"] as? String == "rate_limit_error")
            #expect(anthropicStyle.text.contains("monthly budget of this workspace is exhausted"))
        }
    }

    @Test func failedRequestsReleaseTheirReservation() async throws {
        try await withLiveControl(Self.priced(cap: Decimal("0.01"))) { client, _, key, _ in
            for _ in 0..<3 {
                #expect(try await client.post("/v1/chat/completions", key: key, json: chat("fail-model", "hi", maxTokens: 10)).status == .badGateway)
                #expect(try await client.post("/v1/chat/completions", key: key, json: chat("limited-model", "hi", maxTokens: 10)).status == .tooManyRequests)
            }
            let usage = try await client.call("/admin/usage", .get, key: key).json
            let budget = try #require((usage["budgets"] as? [[String: Any]])?.first)
            #expect(budget["spent_usd"] as? String == "0")
            #expect(budget["reserved_usd"] as? String == "0")
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 10)).status == .ok)
        }
    }

    @Test func keyCapsAreSeparateFromEachOther() async throws {
        try await withLiveControl({ configuration in
            Self.priced(cap: nil)(&configuration)
            configuration.control.budgets.keyMonthlyUSD = Decimal("0.005")
        }) { client, _, key, fixture in
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5)).status == .ok)
            let refused = try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("budget of this key"))
            let second = try await fixture.key()
            #expect(try await client.post("/v1/chat/completions", key: second, json: chat("gpt-test", "hi", maxTokens: 5)).status == .ok)
        }
    }

    @Test func userCapsSpanAllTheMembersKeys() async throws {
        try await withLiveControl({ configuration in
            Self.priced(cap: nil)(&configuration)
            configuration.control.budgets.userMonthlyUSD = Decimal("0.005")
        }) { client, _, owner, fixture in
            let workspace = try await fixture.tasks().workspaceID(named: "acme")
            let member = try await client.call("/admin/workspaces/\(workspace)/members", .post, key: owner, json: #"{"name":"bob","role":"member"}"#)
            let memberID = try #require(member.json["id"] as? String)
            var keys: [String] = []
            for _ in 0..<2 {
                let created = try await client.call(
                    "/admin/workspaces/\(workspace)/keys", .post, key: owner, json: #"{"member_id":"\#(memberID)","role":"member"}"#)
                keys.append(try #require(created.json["key"] as? String))
            }
            #expect(try await client.post("/v1/chat/completions", key: keys[0], json: chat("gpt-test", "hi", maxTokens: 5)).status == .ok)
            let refused = try await client.post("/v1/chat/completions", key: keys[1], json: chat("gpt-test", "hi", maxTokens: 5))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("budget of this user"))
            // The owner's key belongs to no member: no user cap applies to it.
            #expect(try await client.post("/v1/chat/completions", key: owner, json: chat("gpt-test", "hi", maxTokens: 5)).status == .ok)
        }
    }

    @Test func spendSurvivesARestartThroughTheAuditLog() async throws {
        let mock = MockUpstream()
        try await mock.application().test(.live) { upstream in
            var fixture = GatewayFixture(upstreamPort: upstream.port!)
            Self.priced(cap: Decimal("0.01"))(&fixture.configuration)
            let key = try await fixture.key()
            let before = try await fixture.app().test(.router) { client -> [HTTPResponse.Status] in
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<2 {
                    statuses.append(try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5)).status)
                }
                return statuses
            }
            #expect(before == [.ok, .ok])
            let after = try await fixture.app().test(.router) { client -> HTTPResponse.Status in
                try await client.post("/v1/chat/completions", key: key, json: chat("gpt-test", "hi", maxTokens: 5)).status
            }
            #expect(after == .tooManyRequests)
            #expect(mock.bodies.count == 2)
        }
    }
}
