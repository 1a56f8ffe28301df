import Metrics
import Prometheus

/// The gateway's Prometheus metrics, on a registry of its own (no global bootstrap, so several
/// gateways, such as tests, can run in one process).
public struct GatewayMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

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
        Counter(label: "workjet_requests_total", dimensions: [("route", route), ("status", "\(status)")], factory: factory)
            .increment()
        Timer(label: "workjet_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// Counts DLP findings by type and action, and records the scan time.
    func findings(_ summary: DLPSummary, direction: String) {
        Timer(label: "workjet_dlp_scan_duration_seconds", dimensions: [("direction", direction)], factory: factory)
            .recordMicroseconds(summary.scanMicroseconds)
        for (type, count) in summary.counts {
            Counter(
                label: "workjet_dlp_findings_total",
                dimensions: [("entity_type", type), ("action", summary.action.rawValue), ("direction", direction)],
                factory: factory
            ).increment(by: count)
        }
    }

    /// Records the time to the upstream's response headers (or, for a full body, the whole body).
    func upstream(provider: String, since start: ContinuousClock.Instant) {
        Timer(label: "workjet_upstream_duration_seconds", dimensions: [("provider", provider)], factory: factory)
            .recordNanoseconds(Self.nanos(since: start))
    }

    /// Records how long a request waited for its audit record to be committed (group commit included).
    func auditCommit(since start: ContinuousClock.Instant) {
        Timer(label: "workjet_audit_commit_duration_seconds", dimensions: [], factory: factory)
            .recordNanoseconds(Self.nanos(since: start))
    }

    static func nanos(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }

    /// Counts an upstream failure.
    func upstreamError(provider: String, kind: String) {
        Counter(label: "workjet_upstream_errors_total", dimensions: [("provider", provider), ("kind", kind)], factory: factory)
            .increment()
    }

    /// The exposition text.
    public func render() -> String { registry.emitToString() }
}
