import BenchmarkSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where one phase's time went: the server's counters (commits, writes per commit, time in its request handler)
/// and the CPU time of both processes, taken before and after the phase. With the client's latency beside it, a
/// row then tells whether the disk, the store, HTTP or a shortage of cores set its pace.
struct PhaseProbe: Sendable {
    private let server: RunningServer
    private let metrics: ServerMetrics
    private let serverCPU: ProcessCPUSample
    private let clientCPU: ProcessCPUSample
    private let startedAt: UInt64

    private init(server: RunningServer, metrics: ServerMetrics, serverCPU: ProcessCPUSample, clientCPU: ProcessCPUSample) {
        self.server = server
        self.metrics = metrics
        self.serverCPU = serverCPU
        self.clientCPU = clientCPU
        self.startedAt = MonotonicClock.nanoseconds()
    }

    static func begin(_ server: RunningServer) async throws -> PhaseProbe {
        let metrics = try await ServerMetrics.fetch(server.client)
        return PhaseProbe(
            server: server, metrics: metrics,
            serverCPU: try ProcessCPUSample(pid: server.process.pid), clientCPU: try ProcessCPUSample(pid: getpid())
        )
    }

    /// `server: 21,275 commits (202/s), 9.4 writes per commit; handler mean 9.96 ms per request; CPU per request:
    /// server 450 µs, client 390 µs (1.7 of 2 cores busy)`, for the requests of `operation` (the server's name).
    func end(operation: String, unit: LatencyUnit) async throws -> String {
        let seconds = MonotonicClock.seconds(since: self.startedAt)
        let serverMilliseconds = try ProcessCPUSample(pid: self.server.process.pid).cpuMilliseconds(since: self.serverCPU)
        let clientMilliseconds = try ProcessCPUSample(pid: getpid()).cpuMilliseconds(since: self.clientCPU)
        let metrics = try await ServerMetrics.fetch(self.server.client)
        let label = "{operation=\"\(operation)\"}"
        let requests = metrics.delta("cosmolite_request_duration_seconds_count" + label, since: self.metrics)
        let handlerSeconds = metrics.delta("cosmolite_request_duration_seconds_sum" + label, since: self.metrics)
        let commits = metrics.delta("cosmolite_commits_total", since: self.metrics)
        let committed = metrics.delta("cosmolite_commit_requests_sum", since: self.metrics)
        var parts: [String] = []
        if commits > 0 {
            parts.append("\(Format.integer(Int(commits))) commits (\(Format.rate(commits / seconds))/s), "
                + "\(Format.decimal(committed / commits, digits: 1)) write requests per commit")
        }
        guard requests > 0 else { return "server: no \(operation) requests counted" }
        let perRequest = { (milliseconds: Double) in Format.duration(nanoseconds: milliseconds * 1e6 / requests, in: unit) }
        parts.append("handler mean \(Format.duration(nanoseconds: handlerSeconds * 1e9 / requests, in: unit)) \(unit.rawValue) per request")
        let busy = (serverMilliseconds + clientMilliseconds) / 1_000 / seconds
        parts.append("CPU per request: server \(perRequest(serverMilliseconds)) \(unit.rawValue), client \(perRequest(clientMilliseconds)) "
            + "\(unit.rawValue) (\(Format.decimal(busy, digits: 2)) of \(ProcessInfo.processInfo.activeProcessorCount) cores busy)")
        return "server: " + parts.joined(separator: "; ")
    }
}
