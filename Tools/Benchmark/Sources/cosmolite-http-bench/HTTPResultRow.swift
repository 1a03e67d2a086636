import BenchmarkSupport

/// One line of the table: the headline number, the details that explain it, and the target it is checked against.
struct HTTPResultRow: Codable, Sendable {
    /// The measurement's number in issue 4's list (3 and 3b are the single-client and the concurrent point reads).
    var number: String
    var title: String
    /// The headline value in `unit` (events/s, reads/s, µs, ms, s, CPU ms, or x for a ratio).
    var value: Double
    var unit: String
    /// Median and 99th percentile latency where the row has them, in `latencyUnit`.
    var p50: Double?
    var p99: Double?
    var latencyUnit: String?
    /// Everything else worth knowing (counts, ratios, breakdowns), already formatted.
    var details: [String]
    var target: HTTPTarget?
    var targetText: String?
    var passed: Bool?

    init(
        number: String,
        title: String,
        value: Double,
        unit: String,
        latency: (LatencySummary, LatencyUnit)? = nil,
        details: [String],
        target: HTTPTarget? = nil,
        checked: Double? = nil
    ) {
        self.number = number
        self.title = title
        self.value = value
        self.unit = unit
        if let latency {
            self.p50 = latency.0.medianNanoseconds / latency.1.nanoseconds
            self.p99 = latency.0.p99Nanoseconds / latency.1.nanoseconds
            self.latencyUnit = latency.1.rawValue
        }
        self.details = details
        self.target = target
        self.targetText = target?.text
        self.passed = target.map { $0.isMet(by: checked ?? value) }
    }

    /// The value cell: the headline number with its unit; a latency row shows its p99 (what the target is checked
    /// on) with the median beside it.
    var valueCell: String {
        if let p50, let p99, let latencyUnit, self.unit == latencyUnit {
            return "p99 " + Self.latency(p99) + " " + latencyUnit + " (p50 " + Self.latency(p50) + " " + latencyUnit + ")"
        }
        switch self.unit {
        case "events/s", "reads/s": return Format.rate(self.value) + " " + self.unit
        case "s": return Format.decimal(self.value, digits: 3) + " s"
        case "CPU ms": return Self.latency(self.value) + " CPU ms"
        case "x": return Format.ratio(self.value)
        default: return Self.latency(self.value) + " " + self.unit
        }
    }

    /// The details cell: the row's own details, then p50 / p99 for a throughput row that timed each operation.
    var detailsCell: String {
        var details = self.details
        if let p50, let p99, let latencyUnit, self.unit != latencyUnit {
            details.append("latency p50 / p99 " + Self.latency(p50) + " / " + Self.latency(p99) + " " + latencyUnit)
        }
        return details.joined(separator: "; ")
    }

    /// `-` when the row is reported without a target.
    var targetCell: String {
        self.targetText ?? "-"
    }

    /// PASS or FAIL in bold, or `reported` for a row without a target.
    var verdictCell: String {
        guard let passed else { return "reported" }
        return passed ? "**PASS**" : "**FAIL**"
    }

    private static func latency(_ value: Double) -> String {
        value >= 100 ? Format.decimal(value, digits: 0) : value >= 10 ? Format.decimal(value, digits: 1) : Format.decimal(value, digits: 2)
    }
}
