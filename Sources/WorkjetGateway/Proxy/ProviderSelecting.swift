/// Chooses the provider for a request. The seam for routing with fallback, tiers and budgets (a later
/// issue): today ``StaticModelRouter`` maps each model name to one provider.
public protocol ProviderSelecting: Sendable {
    /// The provider and upstream model for a requested model; throws `model_not_found`.
    func select(model: String, style: APIStyle, workspaceID: String) throws(GatewayError) -> ProviderSelection
    /// The models a workspace may request (for `/v1/models`).
    func models(workspaceID: String) -> [String]
    /// The deployments to try, in order, for fallback; by default just ``select(model:style:workspaceID:)``.
    func plan(model: String, style: APIStyle, workspaceID: String) async throws -> [ProviderSelection]
}

extension ProviderSelecting {
    /// One deployment: the selected one.
    public func plan(model: String, style: APIStyle, workspaceID: String) async throws -> [ProviderSelection] {
        [try select(model: model, style: style, workspaceID: workspaceID)]
    }
}

/// A routing decision.
public struct ProviderSelection: Sendable {
    /// The provider.
    public var provider: any Provider
    /// The model name to send upstream.
    public var upstreamModel: String
}

/// One provider per model, from the configuration.
public struct StaticModelRouter: ProviderSelecting {
    let routes: [String: ProviderSelection]
    let order: [String]

    /// Builds the routes; the configuration has been validated, so every provider exists.
    public init(models: [ModelConfiguration], providers: [String: any Provider]) {
        var routes: [String: ProviderSelection] = [:]
        for model in models {
            guard let provider = providers[model.provider] else { continue }
            routes[model.name] = ProviderSelection(provider: provider, upstreamModel: model.upstreamModel ?? model.name)
        }
        self.routes = routes
        self.order = models.map(\.name)
    }

    public func select(model: String, style: APIStyle, workspaceID: String) throws(GatewayError) -> ProviderSelection {
        guard let selection = routes[model] else {
            throw GatewayError(.modelNotFound, "the model '\(Self.printable(model))' does not exist or is not available to this key")
        }
        guard selection.provider.speaks(style) else {
            let route = style == .openAI ? "/v1/messages" : "/v1/chat/completions"
            throw GatewayError(.invalidRequest, "the model '\(model)' is served by a provider of the other schema; call \(route)")
        }
        return selection
    }

    public func models(workspaceID: String) -> [String] { order }

    /// A model name (or field name) as echoed back in errors and the audit: its first 100 characters, keeping
    /// only letters, digits and `-_.:/@`.
    ///
    /// Every request's model name goes through here for its audit record, and nearly all are short ASCII names
    /// that are already printable: those are returned as they are after one pass over their bytes (the
    /// character-by-character filter cost about 1 % of the gateway's CPU in the benchmark's profile).
    static func printable(_ s: String) -> String {
        if s.utf8.count <= 100, s.utf8.allSatisfy(isPrintableASCII) { return s }
        return String(s.prefix(100).filter { $0.isLetter || $0.isNumber || "-_.:/@".contains($0) })
    }

    /// An ASCII letter or digit, or one of `-_.:/@`: the bytes ``printable(_:)`` keeps as they are.
    private static func isPrintableASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }
}
