import GRDB
import Logging

/// The long-lived parts a request handler uses, built once by ``buildApplication(configuration:logger:)``.
///
/// A class: every handler and middleware holds it, and a copy of a struct this size retains each of its
/// fields (a profile showed those copies on every request); a reference is one retain.
public final class GatewayServices: Sendable {
    /// The configuration in force.
    public let configuration: GatewayConfiguration
    /// The SQLite database.
    public let pool: DatabasePool
    /// Tenancy, keys and policies.
    public let store: any GatewayStore
    /// API keys.
    public let keys: KeyService
    /// The audit log (group commit).
    public let audit: AuditLog
    /// Checkpoints the database's write-ahead log off the request path.
    public let checkpointer: WALCheckpointer
    /// Per-workspace DLP.
    public let policies: WorkspacePolicies
    /// Model to provider.
    public let router: any ProviderSelecting
    /// Payload archival, when the configuration turns it on.
    public let archive: PayloadArchive?
    /// Prometheus metrics.
    public let metrics: GatewayMetrics
    /// Rate limits, metering and budgets.
    public let control: GatewayControl
    /// Library logger.
    public let logger: Logger

    init(
        configuration: GatewayConfiguration, pool: DatabasePool, store: any GatewayStore, keys: KeyService, audit: AuditLog,
        checkpointer: WALCheckpointer, policies: WorkspacePolicies, router: any ProviderSelecting, archive: PayloadArchive?,
        metrics: GatewayMetrics, control: GatewayControl, logger: Logger
    ) {
        self.configuration = configuration
        self.pool = pool
        self.store = store
        self.keys = keys
        self.audit = audit
        self.checkpointer = checkpointer
        self.policies = policies
        self.router = router
        self.archive = archive
        self.metrics = metrics
        self.control = control
        self.logger = logger
    }
}
