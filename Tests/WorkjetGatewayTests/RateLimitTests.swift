import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import WorkjetGateway

/// The GCRA store and the rate-limit middleware through the real application, with time held still.
@Suite struct RateLimitTests {
    let second: UInt64 = 1_000_000_000

    @Test func aBurstOfTheLimitPassesThenOneUnitPerInterval() async throws {
        let store = InProcessRateLimitStore()
        let charge = RateLimitCharge(bucket: "k", quota: .perMinute(3), cost: 1)
        var t: UInt64 = 100 * second
        for expected in [2, 1, 0] {
            let decision = try await store.acquire([charge], now: t)
            #expect(decision.allowed)
            #expect(decision.states[0].remaining == expected)
        }
        let refused = try await store.acquire([charge], now: t)
        #expect(!refused.allowed)
        #expect(refused.retryAfterNanoseconds == 20 * second)
        t += 20 * second - 1
        #expect(try await !store.acquire([charge], now: t).allowed)
        t += 1
        #expect(try await store.acquire([charge], now: t).allowed)
    }

    @Test func chargesAreAllOrNothing() async throws {
        let store = InProcessRateLimitStore()
        let now = 100 * second
        let roomy = RateLimitCharge(bucket: "roomy", quota: .perMinute(10), cost: 1)
        let tight = RateLimitCharge(bucket: "tight", quota: .perMinute(1), cost: 1)
        #expect(try await store.acquire([roomy, tight], now: now).allowed)
        let refused = try await store.acquire([roomy, tight], now: now)
        #expect(!refused.allowed)
        // The refusal took nothing from the roomy bucket: 9 left after the one admitted request.
        #expect(refused.states[0].remaining == 9)
    }

    @Test func tokenDebtRefusesUntilItIsPaidOff() async throws {
        let store = InProcessRateLimitStore()
        let check = RateLimitCharge(bucket: "t", quota: .perMinute(60), cost: 0)
        var now = 100 * second
        #expect(try await store.acquire([check], now: now).allowed)
        try await store.charge([RateLimitCharge(bucket: "t", quota: .perMinute(60), cost: 90)], now: now)
        let refused = try await store.acquire([check], now: now)
        #expect(!refused.allowed)
        #expect(refused.retryAfterNanoseconds == 31 * second)  // 90 s of debt + 1 unit, minus a 60 s window
        now += 31 * second
        #expect(try await store.acquire([check], now: now).allowed)
    }

    @Test func fullBucketsAreSwept() async throws {
        let store = InProcessRateLimitStore()
        for index in 0..<5000 {
            _ = try await store.acquire([RateLimitCharge(bucket: "b\(index)", quota: .perMinute(10), cost: 1)], now: 100 * second)
        }
        #expect(store.bucketCount > 4000)
        _ = try await store.acquire([RateLimitCharge(bucket: "late", quota: .perMinute(10), cost: 1)], now: 1000 * second)
        for index in 0..<4096 {
            _ = try await store.acquire([RateLimitCharge(bucket: "c\(index)", quota: .perMinute(10), cost: 1)], now: 1000 * second)
        }
        #expect(store.bucketCount < 5000)
    }

    @Test func thousandConcurrentRequestsAgainstALimitOfHundredAdmitExactlyHundred() async throws {
        var fixture = GatewayFixture()
        let clock = ManualControlClock()
        fixture.configuration.control.clock = clock
        fixture.configuration.control.rateLimits.perKey.requestsPerMinute = 100
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let results = try await withThrowingTaskGroup(of: (Int, String?, String?).self) { group in
                for _ in 0..<1000 {
                    group.addTask {
                        let response = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"))
                        return (Int(response.status.code), response.headers[HeaderName.retryAfter], response.headers[HeaderName.rateLimitRemaining])
                    }
                }
                var all: [(Int, String?, String?)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.filter { $0.0 == 200 }.count == 100)
            let refused = results.filter { $0.0 == 429 }
            #expect(refused.count == 900)
            #expect(refused.allSatisfy { $0.1 == "1" && $0.2 == "0" })
            // Each remaining count from 99 down to 0 was handed out exactly once.
            #expect(Set(results.filter { $0.0 == 200 }.compactMap { $0.2 }).count == 100)

            clock.advance(seconds: 0.6)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi")).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi")).status == .tooManyRequests)
        }
    }

    @Test func refusalIsInTheProviderStyleWithHeaders() async throws {
        var fixture = GatewayFixture()
        fixture.configuration.control.clock = ManualControlClock()
        fixture.configuration.control.rateLimits.perKey.requestsPerMinute = 2
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            let first = try await client.post("/v1/messages", key: key, json: anthropic("echo-1", "hi"))
            #expect(first.status == .ok)
            #expect(first.headers[HeaderName.rateLimitLimit] == "2")
            #expect(first.headers[HeaderName.rateLimitRemaining] == "1")
            #expect(first.headers[HeaderName.rateLimitReset] == "30")
            _ = try await client.post("/v1/messages", key: key, json: anthropic("echo-1", "hi"))
            let refused = try await client.post("/v1/messages", key: key, json: anthropic("echo-1", "hi"))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[HeaderName.retryAfter] == "30")
            #expect((refused.json["error"] as? [String: Any])?["type"] as? String == "rate_limit_error")
            #expect(((refused.json["error"] as? [String: Any])?["message"] as? String)?.contains("2 requests per minute per API key") == true)
            let openAI = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"))
            #expect((openAI.json["error"] as? [String: Any])?["code"] as? String == "rate_limit_exceeded")
        }
    }

    /// A request without a valid key spends its client address's request limit: wrong keys and no key are
    /// 401 until it is spent, then 429, for a valid key from that address too. With no per-address limit,
    /// they stay 401 (a key's limit needs a key).
    @Test func requestsWithoutAValidKeySpendTheClientAddresssLimit() async throws {
        var fixture = GatewayFixture()
        fixture.configuration.control.clock = ManualControlClock()
        fixture.configuration.control.rateLimits.perIP.requestsPerMinute = 3
        fixture.configuration.control.rateLimits.perKey.requestsPerMinute = 100
        let key = try await fixture.key()
        let wrong = "wj_live_" + String(repeating: "A", count: 43)
        try await fixture.app().test(.live) { client async throws in
            #expect(try await client.post("/v1/chat/completions", key: wrong, json: chat("echo-1", "hi")).status == .unauthorized)
            #expect(try await client.post("/v1/chat/completions", key: "not a key", json: chat("echo-1", "hi")).status == .unauthorized)
            #expect(try await client.post("/v1/messages", key: nil, json: anthropic("echo-1", "hi")).status == .unauthorized)
            let refused = try await client.post("/v1/messages", key: wrong, json: anthropic("echo-1", "hi"))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[HeaderName.retryAfter] == "20")
            #expect((refused.json["error"] as? [String: Any])?["type"] as? String == "rate_limit_error")
            #expect(refused.text.contains("3 requests per minute per client IP"))
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi")).status == .tooManyRequests)
        }

        var perKeyOnly = GatewayFixture()
        perKeyOnly.configuration.control.clock = ManualControlClock()
        perKeyOnly.configuration.control.rateLimits.perKey.requestsPerMinute = 1
        try await perKeyOnly.app().test(.live) { client async throws in
            for _ in 0..<5 {
                #expect(try await client.post("/v1/chat/completions", key: wrong, json: chat("echo-1", "hi")).status == .unauthorized)
            }
        }
    }

    @Test func keysHaveSeparateBuckets() async throws {
        var fixture = GatewayFixture()
        fixture.configuration.control.clock = ManualControlClock()
        fixture.configuration.control.rateLimits.perKey.requestsPerMinute = 1
        let first = try await fixture.key()
        let second = try await fixture.key()
        try await fixture.app().test(.router) { client async throws in
            #expect(try await client.post("/v1/chat/completions", key: first, json: chat("echo-1", "hi")).status == .ok)
            #expect(try await client.post("/v1/chat/completions", key: first, json: chat("echo-1", "hi")).status == .tooManyRequests)
            #expect(try await client.post("/v1/chat/completions", key: second, json: chat("echo-1", "hi")).status == .ok)
        }
    }

    @Test func tokensPerMinuteAreChargedFromTheReportedUsage() async throws {
        var fixture = GatewayFixture()
        let clock = ManualControlClock()
        fixture.configuration.control.clock = clock
        fixture.configuration.control.rateLimits.perKey.tokensPerMinute = 20
        let key = try await fixture.key()
        try await fixture.app().test(.router) { client in
            // The echo provider reports about a quarter of the body's bytes as input tokens: well over 20.
            let first = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", String(repeating: "word ", count: 40)))
            #expect(first.status == .ok)
            let refused = try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi"))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("20 tokens per minute per API key"))
            clock.advance(seconds: 3600)
            #expect(try await client.post("/v1/chat/completions", key: key, json: chat("echo-1", "hi")).status == .ok)
        }
    }
}
