import Foundation
import Logging
import Synchronization
import WorkjetEngine

/// The resolved DLP inspector of each workspace, cached; the admin API invalidates an entry when it
/// changes a policy.
public final class WorkspacePolicies: Sendable {
    let store: any GatewayStore
    let engines: EngineCache
    let defaultDocument: PolicyDocument
    private let cache = Mutex<[String: DLPInspector]>([:])

    /// Creates the cache.
    public init(store: any GatewayStore, engines: EngineCache, defaultDocument: PolicyDocument) {
        self.store = store
        self.engines = engines
        self.defaultDocument = defaultDocument
    }

    /// The policy document in force for a workspace (its own, else the default).
    public func document(workspaceID: String) async throws -> PolicyDocument {
        guard let json = try await store.policy(workspaceID: workspaceID) else { return defaultDocument }
        do { return try JSONDecoder().decode(PolicyDocument.self, from: Data(json.utf8)) } catch {
            throw GatewayError(.dlpFailed, "the workspace's stored policy cannot be read")
        }
    }

    /// The inspector for a workspace.
    func inspector(workspaceID: String) async throws -> DLPInspector {
        if let cached = cache.withLock({ $0[workspaceID] }) { return cached }
        let document = try await document(workspaceID: workspaceID)
        let engine: WorkjetEngine.Engine
        let engines = self.engines
        do { engine = try await EventLoopTaskExecutor.runOffLoop { try engines.engine(for: document) } } catch {
            throw GatewayError(.dlpFailed, "the workspace's policy cannot be compiled; the request was blocked")
        }
        let inspector = DLPInspector(engine: engine, document: document)
        cache.withLock { $0[workspaceID] = inspector }
        return inspector
    }

    /// Validates (compiling custom rules), stores and activates a workspace policy.
    public func set(_ document: PolicyDocument, workspaceID: String) async throws {
        try document.validate()
        let engines = self.engines
        _ = try await EventLoopTaskExecutor.runOffLoop { try engines.engine(for: document) }
        let data = try JSONEncoder().encode(document)
        try await store.setPolicy(workspaceID: workspaceID, document: String(decoding: data, as: UTF8.self))
        cache.withLock { $0[workspaceID] = nil }
    }
}
