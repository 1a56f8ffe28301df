import Foundation
import Logging
import NIOCore

extension GatewayServices {
    /// Opens the database and builds every service; the returned client must be shut down by the caller
    /// (``buildApplication(configuration:logger:environment:)`` runs it as a service that does).
    static func make(
        configuration: GatewayConfiguration, logger: Logger, environment: [String: String]
    ) throws -> (GatewayServices, UpstreamClient) {
        try configuration.validate()
        // Before anything is opened: a missing or malformed archive key stops the start with its reason.
        let archive = try PayloadArchive.load(configuration.payloadArchive, environment: environment)
        // Also before: an unreadable upstream_ca_file stops the start, with nothing open to close.
        var clientConfiguration = UpstreamClient.Configuration()
        clientConfiguration.connectTimeout = .milliseconds(Int64(configuration.upstreamConnectTimeoutSeconds * 1000))
        clientConfiguration.maxIdleConnections = configuration.upstreamPoolSize
        clientConfiguration.extraCAFile = configuration.upstreamCAFile
        let client = try UpstreamClient(configuration: clientConfiguration)
        let pool = try SQLiteDatabase.open(
            path: configuration.databasePath, synchronous: configuration.auditSynchronous, backgroundCheckpoints: true, logger: logger)
        let store = SQLiteStore(pool: pool)
        var providers: [String: any Provider] = [:]
        for provider in configuration.providers {
            switch provider.kind {
            case .echo: providers[provider.name] = EchoProvider(name: provider.name)
            case .openai, .anthropic:
                providers[provider.name] = HTTPProvider(
                    configuration: provider, client: client, timeoutSeconds: configuration.upstreamTimeoutSeconds,
                    environment: environment)
            }
        }
        let services = GatewayServices(
            configuration: configuration, pool: pool, store: store, keys: KeyService(store: store),
            audit: AuditLog(
                pool: pool, maxBatch: configuration.auditMaxBatch, inlineCommits: true,
                inlineCommitLimit: configuration.auditSynchronous == "normal" ? nil : AuditLog.fsyncInlineLimit,
                keyRevisions: store.revisionReader, logger: logger),
            checkpointer: WALCheckpointer(path: pool.path, logger: logger),
            policies: WorkspacePolicies(store: store, engines: EngineCache.shared, defaultDocument: configuration.defaultPolicy),
            router: DeploymentRouter(
                base: StaticModelRouter(models: configuration.models, providers: providers),
                configuration: configuration.control.routing, providers: providers, names: WorkspaceNames(store: store),
                defaultMaxTokens: configuration.control.budgets.defaultMaxTokens),
            archive: archive, metrics: GatewayMetrics(),
            control: try GatewayControl(configuration: configuration.control, pool: pool, store: store, logger: logger),
            logger: logger)
        // Compile the default policy's engine now, not on the first request, and inspect one small body
        // of each style, so that the JSON walker's and selectors' first use is not a client's either.
        let inspector = DLPInspector(
            engine: try EngineCache.shared.engine(for: configuration.defaultPolicy), document: configuration.defaultPolicy)
        let sample = Array(#"{"model":"m","messages":[{"role":"user","content":"card 4111 1111 1111 1111"}]}"#.utf8)
        for style in [APIStyle.openAI, .anthropic] {
            _ = inspector.inspectRequest(sample, style: style)
            _ = inspector.inspectResponse(sample, style: style)
        }
        return (services, client)
    }
}
