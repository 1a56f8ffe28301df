import Foundation
import Testing
@testable import WorkjetGateway

/// Bad control settings are refused when the configuration loads, with a message naming the key.
@Suite struct ControlConfigurationTests {
    static let models = "models: [{ name: m1, provider: echo }]\n"

    @Test(arguments: [
        ("pricing: { models: { nope: { input: 1, output: 1 } } }", "pricing.models names model 'nope'"),
        ("pricing: { workspaces: { acme: { nope: { input: 1, output: 1 } } } }", "pricing.workspaces.acme names model 'nope'"),
        ("pricing: { models: { m1: { input: -1, output: 1 } } }", "pricing.models.m1.input"),
        ("pricing: { models: { m1: { input: 1, output: 25000 } } }", "pricing.models.m1.output"),
        ("pricing: { models: { m1: { input: 1, output: 1, cached_input: -0.01 } } }", "cached_input"),
        ("pricing: { models: { m1: { input: 'cheap', output: 1 } } }", "not a decimal number"),
        ("budgets: { workspace_monthly_usd: 0 }", "budgets.workspace_monthly_usd is 0"),
        ("budgets: { key_monthly_usd: -5 }", "budgets.key_monthly_usd must be a positive amount"),
        ("budgets: { workspaces: { acme: { user_monthly_usd: 0 } } }", "budgets.workspaces.acme.user_monthly_usd is 0"),
        ("budgets: { workspace_monthly_usd: 1000000000000 }", "must be a positive amount up to"),
        ("budgets: { warning_threshold: 1.5 }", "warning_threshold"),
        ("budgets: { default_max_tokens: 0 }", "default_max_tokens"),
        ("rate_limits: { per_key: { requests_per_minute: 0 } }", "rate_limits.per_key.requests_per_minute"),
        ("rate_limits: { per_ip: { tokens_per_minute: -3 } }", "rate_limits.per_ip.tokens_per_minute"),
        ("trusted_proxies: [10.0.0.0/40]", "trusted proxy '10.0.0.0/40'"),
        ("trusted_proxies: [proxy.internal]", "trusted proxy 'proxy.internal'"),
    ])
    func badSettingsAreRejectedAtLoad(yaml: String, message: String) throws {
        let path = NSTemporaryDirectory() + "workjet-control-\(UUID().uuidString).yaml"
        try (Self.models + yaml + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: GatewayError.self) { try GatewayConfiguration.load(file: path, environment: [:]) }
        do { _ = try GatewayConfiguration.load(file: path, environment: [:]) } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func aFullControlSectionLoads() throws {
        var configuration = GatewayConfiguration()
        try configuration.apply(yaml: Self.models + """
            trusted_proxies: [10.0.0.0/8, "2001:db8::/32", 192.168.1.1]
            rate_limits:
              per_key: { requests_per_minute: 600, tokens_per_minute: 200000 }
              per_ip: { requests_per_minute: 1200 }
            pricing:
              models: { m1: { input: 0.15, output: 0.6 } }
            budgets:
              workspace_monthly_usd: 100
              key_monthly_usd: 12.5
              warning_threshold: 0.9
              default_max_tokens: 1024
              workspaces: { acme: { monthly_usd: 500 } }
            """)
        try configuration.validate()
        let control = configuration.control
        #expect(control.trustedProxies.count == 3)
        #expect(control.rateLimits.perKey == RateLimitRule(requestsPerMinute: 600, tokensPerMinute: 200000))
        #expect(control.rateLimits.perIP.requestsPerMinute == 1200)
        #expect(control.budgets.keyMonthlyUSD == Decimal(string: "12.5"))
        #expect(control.budgets.warningThreshold == Decimal(string: "0.9"))
        #expect(control.budgets.caps(workspaceName: "acme").monthlyUSD == 500)
        #expect(control.budgets.caps(workspaceName: "acme").keyMonthlyUSD == Decimal(string: "12.5"))
        #expect(control.budgets.caps(workspaceName: "other").monthlyUSD == 100)
    }

    @Test func theDefaultsLimitNothing() throws {
        let configuration = try GatewayConfiguration.load(file: nil, environment: [:])
        #expect(configuration.control.rateLimits.perKey.isEmpty && configuration.control.rateLimits.perIP.isEmpty)
        #expect(configuration.control.budgets.isEmpty)
        #expect(configuration.control.budgets.warningThreshold == Decimal(string: "0.8"))
        #expect(configuration.control.budgets.defaultMaxTokens == 4096)
        #expect(configuration.control.trustedProxies.isEmpty)
    }
}
