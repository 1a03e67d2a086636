extension StreamingChecks {
    /// The thresholds of the four rules.
    public struct Thresholds: Sendable, Hashable {
        /// The target rate in events per second.
        public var expectedRate: Double
        /// The share of `expectedRate` the best window must reach (0.9: the scripts assert 900 per 1,000).
        public var rateFraction: Double = 0.9
        /// The window length in seconds (60: per minute of `_ts`).
        public var windowSeconds: Int64 = 60
        /// The most the best window's average latency may be, in seconds.
        public var maximumLatencySeconds: Double = 15
        /// The largest acceptable duplicate fraction.
        public var maximumDuplicateFraction: Double = 0

        public init(expectedRate: Double) {
            self.expectedRate = expectedRate
        }

        /// The events the best window must hold.
        public var requiredEventsPerWindow: Double {
            self.rateFraction * self.expectedRate * Double(self.windowSeconds)
        }
    }

    /// What was read back, reduced to what the rules need.
    public struct Observations: Sendable {
        public var windows: [Window]
        /// `count(*)` and `count(distinct eventId)`.
        public var totalEvents: Int
        public var distinctEvents: Int
        /// Per partition (device id → check).
        public var sequences: [String: SequenceCheck]

        public init(windows: [Window], totalEvents: Int, distinctEvents: Int, sequences: [String: SequenceCheck]) {
            self.windows = windows
            self.totalEvents = totalEvents
            self.distinctEvents = distinctEvents
            self.sequences = sequences
        }
    }

    /// One rule's verdict.
    public struct RuleOutcome: Sendable, Hashable {
        /// `throughput`, `latency`, `duplicates` or `sequence-gaps`.
        public var rule: String
        public var passed: Bool
        /// The measured value, the limit, and a sentence with the numbers.
        public var measured: Double?
        public var limit: Double
        public var detail: String
    }

    /// Applies the four rules, in order.
    public static func evaluate(_ observations: Observations, thresholds: Thresholds) -> [RuleOutcome] {
        var outcomes: [RuleOutcome] = []
        let windowName = thresholds.windowSeconds == 60 ? "minute" : "\(thresholds.windowSeconds)-second window"

        // 1. Throughput: the best window.
        let required = thresholds.requiredEventsPerWindow
        if let best = observations.windows.max(by: { $0.events < $1.events }) {
            let passed = Double(best.events) >= required
            outcomes.append(RuleOutcome(
                rule: "throughput", passed: passed, measured: Double(best.events), limit: required,
                detail: "best \(windowName) (_ts \(best.start)) holds \(best.events) events = \(format(best.eventsPerSecond)) events/s; "
                    + "needs ≥ \(format(required)) (\(format(thresholds.rateFraction * 100)) % of \(format(thresholds.expectedRate)) events/s × \(thresholds.windowSeconds) s)"
            ))
        } else {
            outcomes.append(RuleOutcome(rule: "throughput", passed: false, measured: nil, limit: required,
                                        detail: "no events were found"))
        }

        // 2. Latency: the best (lowest) per-window average.
        let latencies = observations.windows.compactMap { window in window.averageLatencySeconds.map { (window, $0) } }
        if let best = latencies.min(by: { $0.1 < $1.1 }) {
            let passed = best.1 <= thresholds.maximumLatencySeconds
            outcomes.append(RuleOutcome(
                rule: "latency", passed: passed, measured: best.1, limit: thresholds.maximumLatencySeconds,
                detail: "best \(windowName) average latency (_ts - createdAt) is \(format(best.1, digits: 3)) s (_ts \(best.0.start)); "
                    + "must be ≤ \(format(thresholds.maximumLatencySeconds)) s"
            ))
        } else {
            outcomes.append(RuleOutcome(rule: "latency", passed: false, measured: nil, limit: thresholds.maximumLatencySeconds,
                                        detail: "no event had a readable creation time"))
        }

        // 3. Duplicates by event id.
        let duplicates = observations.totalEvents - observations.distinctEvents
        let fraction = observations.totalEvents == 0 ? 0 : Double(duplicates) / Double(observations.totalEvents)
        outcomes.append(RuleOutcome(
            rule: "duplicates", passed: fraction <= thresholds.maximumDuplicateFraction, measured: fraction,
            limit: thresholds.maximumDuplicateFraction,
            detail: "count(*) = \(observations.totalEvents), count(distinct event id) = \(observations.distinctEvents): "
                + "\(duplicates) duplicate(s), fraction \(format(fraction, digits: 6)); must be ≤ \(format(thresholds.maximumDuplicateFraction, digits: 6))"
        ))

        // 4. Sequence gaps in the middle 80 % of each device's events.
        let failing = observations.sequences.filter { !$0.value.passed }.sorted { $0.key < $1.key }
        let gaps = observations.sequences.values.reduce(0) { $0 + $1.gaps }
        let missing = observations.sequences.values.reduce(Int64(0)) { $0 + $1.missingNumbers }
        let repeats = observations.sequences.values.reduce(0) { $0 + $1.repeats }
        let pairs = observations.sequences.values.reduce(0) { $0 + $1.comparedPairs }
        var detail = "\(observations.sequences.count) partition(s), \(pairs) consecutive pair(s) compared in the middle 80 %: "
            + "\(gaps) gap(s) (\(missing) missing sequence number(s)), \(repeats) repeated number(s)"
        if !failing.isEmpty {
            let examples = failing.prefix(5).map { key, check in
                "\(key): " + check.examples.map { "\($0.previous)→\($0.next)" }.joined(separator: ", ")
            }
            detail += "; e.g. " + examples.joined(separator: "; ")
        }
        if pairs == 0 {
            detail += " (no partition has enough events to compare; the rule proves nothing)"
        }
        outcomes.append(RuleOutcome(rule: "sequence-gaps", passed: failing.isEmpty, measured: Double(gaps + repeats), limit: 0,
                                    detail: detail))
        return outcomes
    }

    /// A number with at most `digits` fractional digits, without trailing zeros.
    public static func format(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
