import Metrics
import Prometheus
import Synchronization

/// The gateway's Prometheus metrics, on a registry of its own (no global bootstrap, so several
/// gateways, such as tests, can run in one process).
///
/// The counters and timers are made once per label set and kept: making one per request sanitized its name
/// and labels and looked it up in the registry under its lock, about 2.4% of the gateway's CPU in the
/// benchmark's profile. The label sets are bounded (routes, statuses, entity types, providers), so are the caches.
public struct GatewayMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let counters = HandleCache<HandleKey, Metrics.Counter>()
    private let timers = HandleCache<HandleKey, Metrics.Timer>()

    /// Creates metrics on a fresh registry.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
    }

    /// Counts a finished request and records its latency.
    func request(route: String, status: Int, nanoseconds: Int64) {
        counter("workjet_requests_total", ("route", route), ("status", String(status))).increment()
        timer("workjet_request_duration_seconds", ("route", route)).recordNanoseconds(nanoseconds)
    }

    /// Counts DLP findings by type and action, and records the scan time.
    func findings(_ summary: DLPSummary, direction: String) {
        timer("workjet_dlp_scan_duration_seconds", ("direction", direction)).recordMicroseconds(summary.scanMicroseconds)
        let action = summary.action.rawValue
        for (type, count) in summary.counts {
            counter("workjet_dlp_findings_total", ("entity_type", type), ("action", action), ("direction", direction))
                .increment(by: count)
        }
    }

    /// Records the time to the upstream's response headers (or, for a full body, the whole body).
    func upstream(provider: String, since start: ContinuousClock.Instant) {
        timer("workjet_upstream_duration_seconds", ("provider", provider)).recordNanoseconds(Self.nanos(since: start))
    }

    /// Records how long a request waited for its audit record to be committed (group commit included).
    func auditCommit(since start: ContinuousClock.Instant) {
        timer("workjet_audit_commit_duration_seconds").recordNanoseconds(Self.nanos(since: start))
    }

    static func nanos(since start: ContinuousClock.Instant) -> Int64 {
        (ContinuousClock.now - start).nanoseconds
    }

    /// Counts an upstream failure.
    func upstreamError(provider: String, kind: String) {
        counter("workjet_upstream_errors_total", ("provider", provider), ("kind", kind)).increment()
    }

    /// The exposition text.
    public func render() -> String { registry.emitToString() }

    /// The counter for a label and up to three (name, value) dimensions, as fixed parameters rather than an
    /// array, so that a request allocates nothing to find its handles; the dimension array is built only when
    /// the handle is made. An empty name is no dimension.
    private func counter(
        _ label: String, _ d0: (String, String) = ("", ""), _ d1: (String, String) = ("", ""), _ d2: (String, String) = ("", "")
    ) -> Metrics.Counter {
        let key = HandleKey(label, d0, d1, d2)
        return counters.handle(key) { Metrics.Counter(label: label, dimensions: key.dimensions, factory: factory) }
    }

    private func timer(_ label: String, _ d0: (String, String) = ("", "")) -> Metrics.Timer {
        let key = HandleKey(label, d0, ("", ""), ("", ""))
        return timers.handle(key) { Metrics.Timer(label: label, dimensions: key.dimensions, factory: factory) }
    }
}

/// A metric's label and its dimensions' names and values, the key of its handle.
private struct HandleKey: Hashable, Sendable {
    var label: String
    var n0: String, v0: String
    var n1: String, v1: String
    var n2: String, v2: String

    init(_ label: String, _ d0: (String, String), _ d1: (String, String), _ d2: (String, String)) {
        self.label = label
        (n0, v0) = d0
        (n1, v1) = d1
        (n2, v2) = d2
    }

    /// The dimensions as swift-metrics takes them.
    var dimensions: [(String, String)] {
        [(n0, v0), (n1, v1), (n2, v2)].filter { !$0.0.isEmpty }
    }
}

/// Metric handles by label set, made on first use.
private final class HandleCache<Key: Hashable & Sendable, Handle: Sendable>: Sendable {
    private let handles = Mutex<[Key: Handle]>([:])

    func handle(_ key: Key, make: () -> Handle) -> Handle {
        handles.withLock { handles in
            if let handle = handles[key] { return handle }
            let handle = make()
            handles[key] = handle
            return handle
        }
    }
}
