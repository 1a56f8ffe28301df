import Foundation

/// A model's price in USD per million tokens.
///
/// ```yaml
/// pricing:
///   models:
///     gpt-4o-mini: { input: 0.15, output: 0.60, cached_input: 0.075 }
///   workspaces:
///     acme:
///       gpt-4o-mini: { input: 0.10, output: 0.40 }
/// ```
public struct TokenRates: Sendable, Hashable, Decodable {
    /// Input (prompt) tokens.
    public var input: Decimal
    /// Output (completion) tokens.
    public var output: Decimal
    /// Input tokens served from the provider's prompt cache; default: ``input``.
    public var cachedInput: Decimal?

    /// Creates rates.
    public init(input: Decimal, output: Decimal, cachedInput: Decimal? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
    }

    enum CodingKeys: String, CodingKey {
        case input, output
        case cachedInput = "cached_input"
    }

    /// Decodes each rate from its text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        input = try DecimalText.decode(from: container.superDecoder(forKey: .input))
        output = try DecimalText.decode(from: container.superDecoder(forKey: .output))
        cachedInput = container.contains(.cachedInput)
            ? try DecimalText.decode(from: container.superDecoder(forKey: .cachedInput)) : nil
    }

    /// The highest rate accepted, USD per million tokens: far above any real model, low enough to catch a
    /// price typed per thousand tokens or in cents.
    public static let maximum = Decimal(10_000)

    /// The cost of some usage, exact in decimal.
    public func cost(of usage: TokenUsage) -> Decimal {
        let uncached = Decimal(max(0, usage.inputTokens - usage.cachedInputTokens))
        let cached = Decimal(usage.cachedInputTokens)
        let total = uncached * input + cached * (cachedInput ?? input) + Decimal(usage.outputTokens) * output
        return total / Decimal(1_000_000)
    }

    func validate(_ path: String) throws(GatewayError) {
        for (name, rate) in [("input", input), ("output", output), ("cached_input", cachedInput)] {
            guard let rate else { continue }
            guard rate >= 0, rate <= Self.maximum else {
                throw GatewayError(
                    .invalidConfiguration,
                    "\(path).\(name) is \(rate) USD per million tokens; rates must be between 0 and \(Self.maximum)")
            }
        }
    }
}

/// Token prices per model, with per-workspace overrides (by workspace name).
public struct PricingConfiguration: Sendable, Hashable, Decodable {
    /// Rates by model name (the name clients send). A model without rates is metered in tokens but costs
    /// nothing, and budgets do not limit it. Default: none.
    public var models: [String: TokenRates] = [:]
    /// Overrides by workspace name, then model name. Default: none.
    public var workspaces: [String: [String: TokenRates]] = [:]

    /// No prices.
    public init(models: [String: TokenRates] = [:], workspaces: [String: [String: TokenRates]] = [:]) {
        self.models = models
        self.workspaces = workspaces
    }

    enum CodingKeys: String, CodingKey { case models, workspaces }

    /// Decodes either key as optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        models = try container.decodeIfPresent([String: TokenRates].self, forKey: .models) ?? [:]
        workspaces = try container.decodeIfPresent([String: [String: TokenRates]].self, forKey: .workspaces) ?? [:]
    }

    /// The rates for a model in a workspace: the workspace's override, else the model's.
    public func rates(model: String, workspaceName: String?) -> TokenRates? {
        if let workspaceName, let override = workspaces[workspaceName]?[model] { return override }
        return models[model]
    }

    func validate(knownModels: Set<String>) throws(GatewayError) {
        for (model, rates) in models {
            guard knownModels.contains(model) else {
                throw GatewayError(.invalidConfiguration, "pricing.models names model '\(model)', which is not defined under models or routing.aliases")
            }
            try rates.validate("pricing.models.\(model)")
        }
        for (workspace, overrides) in workspaces {
            for (model, rates) in overrides {
                guard knownModels.contains(model) else {
                    throw GatewayError(
                        .invalidConfiguration, "pricing.workspaces.\(workspace) names model '\(model)', which is not defined under models or routing.aliases")
                }
                try rates.validate("pricing.workspaces.\(workspace).\(model)")
            }
        }
    }
}
