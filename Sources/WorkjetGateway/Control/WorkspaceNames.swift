import Synchronization

/// Workspace names by id, cached: prices and caps are configured by name, requests carry the id.
/// Names never change once created, so an entry never goes stale.
final class WorkspaceNames: Sendable {
    private let store: any GatewayStore
    private let cache = Mutex<[String: String]>([:])

    init(store: any GatewayStore) { self.store = store }

    func name(of workspaceID: String) async throws -> String? {
        if let name = cache.withLock({ $0[workspaceID] }) { return name }
        guard let workspace = try await store.workspace(id: workspaceID) else { return nil }
        cache.withLock { $0[workspaceID] = workspace.name }
        return workspace.name
    }
}
