import BenchmarkSupport
import Foundation

/// Everything one run measured, with what is needed to reproduce it; printed as Markdown and written as JSON.
struct BenchmarkReport: Codable, Sendable {
    var commandLine: String
    var date: String
    var processorCount: Int
    var activeProcessorCount: Int
    var events: Int
    var distinctEvents: Int
    var seed: UInt64
    var batch1Lines: Int
    var largeEvents: Int?
    var engines: [EngineKind]
    var rows: [ResultRow] = []
    var warnings: [String] = []
    /// Cosmolite's query plan for each query kind.
    var cosmolitePlans: [String] = []
    var wallSeconds: Double = 0

    /// The report as a Markdown table with a short header that says how to read it.
    var markdown: String {
        var text = "# Cosmolite benchmark\n\n"
        text += "Command: `\(self.commandLine)`\n\n"
        text += "Date: \(self.date); cores: \(self.activeProcessorCount) active of \(self.processorCount); "
        text += "N = \(Format.integer(self.events)) lines (\(Format.integer(self.distinctEvents)) distinct events, "
        text += "\(Format.integer(self.events - self.distinctEvents)) re-delivered), seed \(self.seed)"
        if let largeEvents { text += "; large run N = \(Format.integer(largeEvents))" }
        text += "\n\n"
        text += "Throughput rows: events (lines) per second; batch-1 rows ingest the first \(Format.integer(self.batch1Lines)) lines only, "
        text += "batch 100 and 1000 rows all N lines. Latency rows: median / p99 in the row's unit, with the average rows returned. "
        text += "Ratios: Cosmolite divided by the peer, on medians (events/s: above 1 is faster; latency: below 1 is faster). "
        text += "JSON parse row: the SQLite column is Foundation `JSONSerialization`.\n\n"
        text += "| Measurement | Cosmolite | SQLite | LMDB floor | Cosmolite/SQLite | Cosmolite/floor | Target (performance.md) |\n"
        text += "|---|--:|--:|--:|--:|--:|---|\n"
        for row in self.rows {
            let title = row.title + ", " + row.unit + Self.rowsNote(row)
            let cells = [row.cosmolite, row.sqlite, row.floor].map { Self.cell($0, row: row) }
            let ratios = [row.cosmoliteToSQLite, row.cosmoliteToFloor].map { $0.map(Format.ratio) ?? "-" }
            text += "| \(title) | \(cells.joined(separator: " | ")) | \(ratios.joined(separator: " | ")) | \(Self.targetCell(row)) |\n"
        }
        if !self.warnings.isEmpty {
            text += "\n" + self.warnings.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        if !self.cosmolitePlans.isEmpty {
            text += "\nCosmolite plans:\n" + self.cosmolitePlans.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        text += "\nWall time: \(Format.seconds(self.wallSeconds))\n"
        return text
    }

    private static func cell(_ value: ResultRow.Value?, row: ResultRow) -> String {
        guard let value else { return "-" }
        switch row.measure {
        case .throughput:
            return Format.rate(value.value)
        case .latency:
            let unit = LatencyUnit(rawValue: row.unit) ?? .microseconds
            let median = Format.duration(nanoseconds: value.value * unit.nanoseconds, in: unit)
            guard let p99 = value.p99 else { return median }
            return median + " / " + Format.duration(nanoseconds: p99 * unit.nanoseconds, in: unit)
        }
    }

    /// `(avg 99.8 rows)` for queries that return rows; every engine's average when they differ.
    private static func rowsNote(_ row: ResultRow) -> String {
        let averages = [("Cosmolite", row.cosmolite), ("SQLite", row.sqlite), ("floor", row.floor)].compactMap { name, value in
            value?.averageRows.map { (name, $0) }
        }
        guard let first = averages.first, averages.contains(where: { $0.1 != 1 }) else { return "" }
        if averages.allSatisfy({ $0.1 == first.1 }) {
            return " (avg \(Format.decimal(first.1, digits: 1)) rows)"
        }
        return " (avg rows: " + averages.map { "\($0.0) \(Format.decimal($0.1, digits: 1))" }.joined(separator: ", ") + ")"
    }

    private static func targetCell(_ row: ResultRow) -> String {
        guard let target = row.target else { return "-" }
        switch row.passed {
        case true?: return target.text + ": **PASS**"
        case false?: return target.text + ": **FAIL**"
        case nil: return target.text + ": n/a"
        }
    }

    func writeJSON(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}
