import BenchmarkSupport

/// One line of the results table: a measurement for each engine, the ratios and the target.
struct ResultRow: Codable, Sendable {
    /// Whether bigger numbers are better (events per second) or smaller (latencies).
    enum Measure: String, Codable, Sendable {
        case throughput
        case latency
    }

    /// One engine's number: a rate, or a median latency with its p99, in the row's unit.
    struct Value: Codable, Sendable {
        var value: Double
        var p99: Double?
        /// Average rows per query run.
        var averageRows: Double?
    }

    var title: String
    var measure: Measure
    /// `events/s`, `ns`, `µs` or `ms`.
    var unit: String
    var cosmolite: Value?
    var sqlite: Value?
    var floor: Value?
    var target: PerformanceTarget?
    /// The target as performance.md states it.
    var targetText: String?
    /// Cosmolite's value divided by the peer's (throughput: above 1 is faster; latency: below 1 is faster).
    var cosmoliteToSQLite: Double?
    var cosmoliteToFloor: Double?
    var passed: Bool?

    init(title: String, measure: Measure, unit: String, values: [EngineKind: Value], target: PerformanceTarget? = nil) {
        self.title = title
        self.measure = measure
        self.unit = unit
        self.cosmolite = values[.cosmolite]
        self.sqlite = values[.sqlite]
        self.floor = values[.floor]
        self.target = target
        self.targetText = target?.text
        if let cosmolite = self.cosmolite {
            self.cosmoliteToSQLite = self.sqlite.map { cosmolite.value / $0.value }
            self.cosmoliteToFloor = self.floor.map { cosmolite.value / $0.value }
        }
        self.passed = target?.verdict(sqliteRatio: self.cosmoliteToSQLite, floorRatio: self.cosmoliteToFloor)
    }

    /// A latency row from per-engine summaries, shown in `unit`.
    static func latency(
        _ title: String,
        unit: LatencyUnit,
        summaries: [EngineKind: (LatencySummary, Double?)],
        target: PerformanceTarget? = nil
    ) -> ResultRow {
        let values = summaries.mapValues { summary, rows in
            Value(value: summary.medianNanoseconds / unit.nanoseconds, p99: summary.p99Nanoseconds / unit.nanoseconds, averageRows: rows)
        }
        return ResultRow(title: title, measure: .latency, unit: unit.rawValue, values: values, target: target)
    }
}
