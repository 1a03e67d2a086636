import CosmosClient

/// The server's own counters (`GET /metrics`) at one moment: request counts and handler durations per operation,
/// commits and the write requests they carried. ``PhaseProbe`` compares two of them.
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

    /// How much `series` grew from `earlier` to this snapshot (a series not yet written counts as 0).
    func delta(_ series: String, since earlier: ServerMetrics) -> Double {
        (self.samples[series] ?? 0) - (earlier.samples[series] ?? 0)
    }
}
