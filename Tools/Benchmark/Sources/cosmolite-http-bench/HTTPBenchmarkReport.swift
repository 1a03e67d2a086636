import BenchmarkSupport
import Foundation

/// Everything one run measured over the wire, with what is needed to reproduce and judge it (the command, the
/// machine, how loaded it was); printed as one Markdown table and written as JSON.
struct HTTPBenchmarkReport: Codable, Sendable {
    var commandLine: String
    var date: String
    var processorCount: Int
    var activeProcessorCount: Int
    /// `/proc/loadavg` at the start and at the end: other work on a shared machine shows here.
    var loadAverageAtStart: String
    var loadAverageAtEnd: String = ""
    var events: Int
    var distinctEvents: Int
    var seed: UInt64
    var transport: String
    var server: String
    var durability: String
    var clients: Int
    var batchClients: Int
    var startupDocuments: Int
    var rows: [HTTPResultRow] = []
    var warnings: [String] = []
    var wallSeconds: Double = 0

    var markdown: String {
        var text = "# Cosmolite over-the-wire benchmark\n\n"
        text += "Command: `\(self.commandLine)`\n\n"
        text += "Date: \(self.date); cores: \(self.activeProcessorCount) active of \(self.processorCount), shared by the server and the "
        text += "load generator (and anything else running: load average \(self.loadAverageAtStart) at the start, "
        text += "\(self.loadAverageAtEnd) at the end); N = \(Format.integer(self.events)) events "
        text += "(\(Format.integer(self.distinctEvents)) distinct, \(Format.integer(self.events - self.distinctEvents)) re-delivered), "
        text += "seed \(self.seed)\n\n"
        text += "Server: `\(self.server) serve` on 127.0.0.1, durability \(self.durability) (every acknowledged write is synced). "
        text += "Transport: \(self.transport); every request master-key signed, HTTP/1.1 keep-alive; \(self.clients) concurrent "
        text += "clients where the row says so, \(self.batchClients) for transactional batches. "
        text += "Latencies are measured by the client, from composing and signing the request to the last byte of the response. "
        text += "Container: partitioned on `/deviceId`, ids from `/eventId`, range index on `/epoch`, spatial index on `/location`.\n\n"
        text += "| # | Measurement | Value | Target (issue 4) | Verdict | Details |\n"
        text += "|---|---|--:|---|---|---|\n"
        for row in self.rows {
            text += "| \(row.number) | \(row.title) | \(row.valueCell) | \(row.targetCell) | \(row.verdictCell) | \(row.detailsCell) |\n"
        }
        if !self.warnings.isEmpty {
            text += "\n" + self.warnings.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        text += "\nWall time: \(Format.seconds(self.wallSeconds))\n"
        return text
    }

    func writeJSON(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    /// The first three fields of `/proc/loadavg` (1, 5 and 15 minutes).
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
