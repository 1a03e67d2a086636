import EventShapes
import JSON

/// The verifier's report: a table per window (events, events/s, average latency), the totals, each rule's verdict with
/// its numbers, and how long each read took.
struct Report {
    let verifier: Verifier
    let thresholds: StreamingChecks.Thresholds
    let result: ContainerReader.Result
    let outcomes: [StreamingChecks.RuleOutcome]

    var passed: Bool { self.outcomes.allSatisfy(\.passed) }

    var text: String {
        let f = StreamingChecks.format
        var lines: [String] = []
        let observations = self.result.observations
        lines.append("cosmolite-verifier: \(self.verifier.database)/\(self.verifier.container) at \(self.verifier.endpoint) "
            + "(\(self.verifier.shape.rawValue) events, target \(f(self.thresholds.expectedRate, 1)) events/s, windows of \(self.thresholds.windowSeconds) s of _ts)")
        lines.append("")
        lines.append("  window start (UTC)        events   events/s   avg latency (s)")
        for window in observations.windows {
            let start = EventTimestamp(microseconds: window.start * 1_000_000).iso8601.prefix(19) + "Z"
            let latency = window.averageLatencySeconds.map { f($0, 3) } ?? "-"
            lines.append("  \(start)  \(Self.pad(String(window.events), 10))  \(Self.pad(f(window.eventsPerSecond, 1), 9))  \(Self.pad(latency, 15))")
        }
        if observations.windows.isEmpty { lines.append("  (no events)") }
        lines.append("  (_ts has whole-second resolution, so each latency reads about 0.5 s lower than the true write latency)")
        lines.append("")
        let partitionsWithPairs = observations.sequences.values.filter { $0.comparedPairs > 0 }.count
        lines.append("  events \(observations.totalEvents) (count(*)), distinct \(self.verifier.shape.shape.idField) \(observations.distinctEvents), "
            + "\(observations.sequences.count) partitions (\(partitionsWithPairs) with pairs to compare), "
            + "_ts from \(self.result.seconds.first?.second ?? 0) to \(self.result.seconds.last?.second ?? 0)")
        if self.result.rowsWithoutId > 0 {
            lines.append("  warning: \(self.result.rowsWithoutId) document(s) have no string \(self.verifier.shape.shape.idField): they count as duplicates")
        }
        lines.append("")
        for outcome in self.outcomes {
            lines.append("  \(outcome.passed ? "PASS" : "FAIL") \(outcome.rule): \(outcome.detail)")
        }
        lines.append("")
        let reads = self.result.steps.map { "\($0.name) \(f($0.seconds, 3)) s (\($0.rows) rows)" }.joined(separator: "; ")
        lines.append("  reads: \(reads)")
        let failing = self.outcomes.filter { !$0.passed }.map(\.rule)
        lines.append(failing.isEmpty ? "RESULT: PASS (\(self.outcomes.count) of \(self.outcomes.count) rules)"
                                     : "RESULT: FAIL (\(failing.joined(separator: ", ")))")
        return lines.joined(separator: "\n")
    }

    var json: JSONValue {
        let observations = self.result.observations
        let windows: [JSONValue] = observations.windows.map { window in
            [
                "start": .integer(window.start),
                "startUTC": .string(EventTimestamp(microseconds: window.start * 1_000_000).iso8601),
                "lengthSeconds": .integer(window.length),
                "events": .integer(Int64(window.events)),
                "eventsPerSecond": .double(window.eventsPerSecond),
                "averageLatencySeconds": window.averageLatencySeconds.map(JSONValue.double) ?? .null,
            ]
        }
        let rules: [JSONValue] = self.outcomes.map { outcome in
            [
                "rule": .string(outcome.rule),
                "passed": .bool(outcome.passed),
                "measured": outcome.measured.map(JSONValue.double) ?? .null,
                "limit": .double(outcome.limit),
                "detail": .string(outcome.detail),
            ]
        }
        let gaps = observations.sequences.values.reduce(0) { $0 + $1.gaps }
        let missing = observations.sequences.values.reduce(Int64(0)) { $0 + $1.missingNumbers }
        let repeats = observations.sequences.values.reduce(0) { $0 + $1.repeats }
        let failingPartitions = observations.sequences.filter { !$0.value.passed }.sorted { $0.key < $1.key }.prefix(100)
        let reads: [JSONValue] = self.result.steps.map {
            ["step": .string($0.name), "seconds": .double($0.seconds), "rows": .integer(Int64($0.rows))]
        }
        return [
            "passed": .bool(self.passed),
            "endpoint": .string(self.verifier.endpoint),
            "database": .string(self.verifier.database),
            "container": .string(self.verifier.container),
            "shape": .string(self.verifier.shape.rawValue),
            "expectedRate": .double(self.thresholds.expectedRate),
            "rateFraction": .double(self.thresholds.rateFraction),
            "windowSeconds": .integer(self.thresholds.windowSeconds),
            "maximumLatencySeconds": .double(self.thresholds.maximumLatencySeconds),
            "totalEvents": .integer(Int64(observations.totalEvents)),
            "distinctEvents": .integer(Int64(observations.distinctEvents)),
            "documentsWithoutId": .integer(Int64(self.result.rowsWithoutId)),
            "partitions": .integer(Int64(observations.sequences.count)),
            "sequenceGaps": .integer(Int64(gaps)),
            "missingSequenceNumbers": .integer(missing),
            "repeatedSequenceNumbers": .integer(Int64(repeats)),
            "failingPartitions": .array(failingPartitions.map { key, check in
                [
                    "partition": .string(key),
                    "gaps": .integer(Int64(check.gaps)),
                    "repeats": .integer(Int64(check.repeats)),
                    "examples": .array(check.examples.map { [.integer($0.previous), .integer($0.next)] }),
                ]
            }),
            "windows": .array(windows),
            "rules": .array(rules),
            "reads": .array(reads),
        ]
    }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
