import CoreMetrics
import DocumentStore
import Prometheus
import Synchronization

/// The server's Prometheus metrics: requests by operation and status with latency histograms, stored documents,
/// commits and their sizes, and TTL sweeps. Kept in a registry of their own (no process-wide bootstrap), rendered at
/// `/metrics`.
final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let requestCounters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let requestTimers = Mutex<[String: CoreMetrics.Timer]>([:])
    private let commits: CoreMetrics.Counter
    private let commitSizes: CoreMetrics.Recorder
    private let documentsWritten: CoreMetrics.Counter
    private let swept: CoreMetrics.Counter
    private let documents: CoreMetrics.Gauge

    init() {
        var factory = PrometheusMetricsFactory(registry: self.registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        factory.defaultValueHistogramBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000]
        self.factory = factory
        self.commits = Counter(label: "cosmolite_commits_total", factory: factory)
        self.commitSizes = Recorder(label: "cosmolite_commit_requests", aggregate: true, factory: factory)
        self.documentsWritten = Counter(label: "cosmolite_documents_written_total", factory: factory)
        self.swept = Counter(label: "cosmolite_ttl_swept_documents_total", factory: factory)
        self.documents = Gauge(label: "cosmolite_documents", factory: factory)
    }

    func recordRequest(operation: String, status: Int, seconds: Double) {
        let key = "\(operation)|\(status)"
        let counter = self.requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: "cosmolite_requests_total", dimensions: [("operation", operation), ("status", String(status))],
                                  factory: self.factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
        let timer = self.requestTimers.withLock { timers in
            if let timer = timers[operation] { return timer }
            let timer = Timer(label: "cosmolite_request_duration_seconds", dimensions: [("operation", operation)], factory: self.factory)
            timers[operation] = timer
            return timer
        }
        timer.recordNanoseconds(Int64(seconds * 1e9))
    }

    func recordCommit(_ report: CommitReport) {
        self.commits.increment()
        self.commitSizes.record(report.requests)
        self.documentsWritten.increment(by: report.statistics.created + report.statistics.replaced + report.statistics.deleted)
    }

    func recordSweep(_ report: SweepReport) {
        self.swept.increment(by: report.expiredDocuments)
    }

    func setDocumentCount(_ count: Int64) {
        self.documents.record(count)
    }

    func render() -> [UInt8] {
        self.registry.emitToBuffer()
    }
}
