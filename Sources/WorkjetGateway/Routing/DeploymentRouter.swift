import Foundation

/// Plain models (one provider each, ``StaticModelRouter``) plus aliases served by ordered deployments,
/// gated by workspace tier.
public struct DeploymentRouter: ProviderSelecting {
    struct Candidate: Sendable {
        var deployment: RoutingConfiguration.Deployment
        var provider: any Provider
    }

    let base: StaticModelRouter
    let configuration: RoutingConfiguration
    let aliases: [String: [Candidate]]
    let workspaceAliases: [String: [String: [Candidate]]]
    let names: WorkspaceNames
    let defaultMaxTokens: Int

    /// Builds the router; the configuration has been validated, so every provider exists.
    init(
        base: StaticModelRouter, configuration: RoutingConfiguration, providers: [String: any Provider], names: WorkspaceNames,
        defaultMaxTokens: Int = 4096
    ) {
        self.base = base
        self.defaultMaxTokens = defaultMaxTokens
        self.configuration = configuration
        self.names = names
        func candidates(_ deployments: [RoutingConfiguration.Deployment]) -> [Candidate] {
            deployments.compactMap { deployment in providers[deployment.provider].map { Candidate(deployment: deployment, provider: $0) } }
        }
        aliases = configuration.aliases.mapValues(candidates)
        workspaceAliases = configuration.workspaceAliases.mapValues { $0.mapValues(candidates) }
    }

    /// The first deployment of an alias that speaks the schema, or the model's provider.
    public func select(model: String, style: APIStyle, workspaceID: String) throws(GatewayError) -> ProviderSelection {
        guard let candidates = aliases[model] else { return try base.select(model: model, style: style, workspaceID: workspaceID) }
        guard let first = candidates.first(where: { $0.provider.speaks(style) }) else { throw Self.otherSchema(model, style) }
        return ProviderSelection(provider: first.provider, upstreamModel: first.deployment.model)
    }

    /// Plain models, then shared aliases.
    public func models(workspaceID: String) -> [String] { base.models(workspaceID: workspaceID) + aliases.keys.sorted() }

    /// The deployments to try, in order: a workspace's own alias, else the shared alias (tier permitting), else the model.
    public func plan(model: String, style: APIStyle, workspaceID: String) async throws -> [ProviderSelection] {
        if !workspaceAliases.isEmpty, let name = try await names.name(of: workspaceID), let own = workspaceAliases[name]?[model] {
            return try selections(own, model: model, style: style)
        }
        guard let candidates = aliases[model] else {
            if let route = base.routes[model], Self.translatable(route.provider, style) {
                return [ProviderSelection(provider: translated(route.provider, style), upstreamModel: route.upstreamModel)]
            }
            return [try base.select(model: model, style: style, workspaceID: workspaceID)]
        }
        if !configuration.tiers.isEmpty {
            let name = try await names.name(of: workspaceID)
            guard configuration.allows(alias: model, workspaceName: name) else {
                let tier = name.flatMap { configuration.workspaces[$0] } ?? configuration.defaultTier
                throw GatewayError(.forbidden, "the model '\(model)' is not available on this workspace's tier (\(tier))")
            }
        }
        return try selections(candidates, model: model, style: style)
    }

    /// The usable candidates in the order to try, translated where the request's schema needs it.
    func selections(_ candidates: [Candidate], model: String, style: APIStyle) throws(GatewayError) -> [ProviderSelection] {
        var generator = SystemRandomNumberGenerator()
        let usable = candidates.filter { $0.provider.speaks(style) || Self.translatable($0.provider, style) }
        guard !usable.isEmpty else { throw Self.otherSchema(model, style) }
        return Self.order(usable, using: &generator).map { candidate in
            let provider = candidate.provider.speaks(style) ? candidate.provider : translated(candidate.provider, style)
            return ProviderSelection(provider: provider, upstreamModel: candidate.deployment.model)
        }
    }

    /// Whether a provider that does not speak the request's schema speaks the other one.
    static func translatable(_ provider: any Provider, _ style: APIStyle) -> Bool {
        !provider.speaks(style) && provider.speaks(style == .openAI ? .anthropic : .openAI)
    }

    /// The provider behind a translation into its schema.
    func translated(_ provider: any Provider, _ style: APIStyle) -> any Provider {
        style == .anthropic
            ? AnthropicOverOpenAI(base: provider) : OpenAIOverAnthropic(base: provider, defaultMaxTokens: defaultMaxTokens)
    }

    /// By priority; within a priority, a weighted random order (a deployment's chance to go first is its
    /// share of the weights).
    static func order(_ candidates: [Candidate], using generator: inout some RandomNumberGenerator) -> [Candidate] {
        let priorities = Set(candidates.map(\.deployment.priority)).sorted()
        var ordered: [Candidate] = []
        for priority in priorities {
            var group = candidates.filter { $0.deployment.priority == priority }
            while !group.isEmpty {
                let total = group.reduce(0) { $0 + $1.deployment.weight }
                var pick = Int.random(in: 0..<total, using: &generator)
                let index = group.firstIndex { candidate in
                    pick -= candidate.deployment.weight
                    return pick < 0
                }!
                ordered.append(group.remove(at: index))
            }
        }
        return ordered
    }

    static func otherSchema(_ model: String, _ style: APIStyle) -> GatewayError {
        let schema = style == .openAI ? "OpenAI" : "Anthropic"
        let route = style == .openAI ? "/v1/messages" : "/v1/chat/completions"
        return GatewayError(
            .invalidRequest,
            "no deployment of '\(StaticModelRouter.printable(model))' speaks the \(schema) schema or can be translated to it; call \(route)")
    }
}
