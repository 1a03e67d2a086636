import BenchmarkSupport
import CosmosClient

/// The server's own counters (`GET /metrics`) at one moment. Two snapshots around a phase tell where its time went:
/// how many commits carried the writes (group commit) and how long the server's handler took per request, against
/// the latency the client saw (the rest is HTTP, the network stack and waiting for a CPU).
struct ServerMetrics: Sendable {
    /// Every sample by series, `name{labels}` exactly as the server writes it.
    let samples: [String: Double]

    static func fetch(_ client: CosmosRESTClient) async throws -> ServerMetrics {
        ServerMetrics(prometheusText: try await client.metrics())
    }

    init(prometheusText text: String) {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
    }

    /// What one phase did on the server, from the snapshot before it to this one.
    func phase(since before: ServerMetrics, operation: String) -> Phase {
        func delta(_ series: String) -> Double {
            (self.samples[series] ?? 0) - (before.samples[series] ?? 0)
        }
        let label = "{operation=\"\(operation)\"}"
        return Phase(
            requests: delta("cosmolite_request_duration_seconds_count" + label),
            handlerSeconds: delta("cosmolite_request_duration_seconds_sum" + label),
            commits: delta("cosmolite_commits_total"),
            committedRequests: delta("cosmolite_commit_requests_sum")
        )
    }

    /// One phase's server-side counts.
    struct Phase: Sendable {
        /// Requests of the phase's operation the server answered.
        let requests: Double
        /// Their total time in the server's handler (authentication, body, store work, commit and sync; not HTTP
        /// parsing or writing).
        let handlerSeconds: Double
        /// Write transactions committed, and the write requests they carried.
        let commits: Double
        let committedRequests: Double

        /// `server: 12,000 commits, 16.6 writes per commit; handler 1.9 ms per request`, in `unit`.
        func text(_ unit: LatencyUnit) -> String {
            var parts: [String] = []
            if self.commits > 0 {
                parts.append("\(Format.integer(Int(self.commits))) commits, "
                    + "\(Format.decimal(self.committedRequests / self.commits, digits: 1)) writes per commit")
            }
            if self.requests > 0 {
                let mean = self.handlerSeconds / self.requests * 1e9
                parts.append("handler mean \(Format.duration(nanoseconds: mean, in: unit)) \(unit.rawValue) per request")
            }
            return "server: " + (parts.isEmpty ? "no requests counted" : parts.joined(separator: "; "))
        }
    }
}
