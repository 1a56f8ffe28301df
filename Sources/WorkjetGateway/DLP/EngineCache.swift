import Synchronization
import WorkjetEngine

/// Compiled engines by detector set: workspaces with the same detectors share one immutable engine.
///
/// Compiling is slow (Hyperscan), so it happens once per distinct set, outside the lock; two racing
/// compilations of the same set are harmless (one result wins).
public final class EngineCache: Sendable {
    private let engines = Mutex<[DetectorSet: Engine]>([:])

    /// An empty cache.
    public init() {}

    /// The process-wide cache: engines are immutable, so every gateway in the process can share them.
    public static let shared = EngineCache()

    /// The engine for a policy's detectors, compiling it on first use.
    /// Throws `invalid_policy` with the engine's reason when a custom rule does not compile.
    public func engine(for document: PolicyDocument) throws(GatewayError) -> Engine {
        let key = document.detectorSet
        if let engine = engines.withLock({ $0[key] }) { return engine }
        let engine = try Self.build(key)
        return engines.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = engine
            return engine
        }
    }

    static func build(_ set: DetectorSet) throws(GatewayError) -> Engine {
        do {
            var registry = DetectorRegistry.builtins()
            if !set.disabled.isEmpty { try registry.remove(ids: set.disabled) }
            for rule in set.custom {
                try registry.register(
                    PatternDetector(
                        id: rule.id, entityType: EntityType(rule.entityType), patterns: [DetectorPattern(rule.pattern)],
                        baseConfidence: rule.confidence ?? 0.9))
            }
            return try Engine(registry: registry)
        } catch let error as EngineError {
            throw GatewayError(.invalidPolicy, error.message)
        } catch {
            throw GatewayError(.invalidPolicy, "the policy's detectors could not be built")
        }
    }
}
