import EventShapes
import JSON

/// The end-of-run report: what was sent and acknowledged, the achieved rates, latency percentiles and, when the target
/// rate was missed, where the time went.
struct Summary {
    let options: Simulator
    let shape: EventShape
    let run: RunParameters
    let outcome: ProducerOutcome
    let originals: Int
    let duplicates: Int
    let state: RunStatistics.State
    let startedAt: EventTimestamp
    let lastAcknowledgementOffset: Double?

    init(options: Simulator, shape: EventShape, run: RunParameters, outcome: ProducerOutcome, stream: EventStream,
         statistics: RunStatistics.State, start: ContinuousClock.Instant, startedAt: EventTimestamp) {
        self.options = options
        self.shape = shape
        self.run = run
        self.outcome = outcome
        self.originals = stream.originals
        self.duplicates = stream.duplicates
        self.state = statistics
        self.startedAt = startedAt
        self.lastAcknowledgementOffset = statistics.lastAcknowledgedAt.map { ($0 - start).seconds }
    }

    var sent: Int { self.state.sent }
    var acknowledged: Int { self.state.acknowledged }
    var failed: Int { self.state.failed }

    /// Emissions per second over the sending phase (on schedule, exactly the target rate).
    var achievedSendRate: Double {
        let seconds = self.outcome.sendDuration.seconds + (self.run.schedule.isUnlimited ? 0 : 1 / self.run.schedule.rate)
        return seconds > 0 ? Double(self.sent) / seconds : 0
    }

    /// Acknowledged events per second from the start to the last acknowledgement.
    var achievedAcknowledgementRate: Double {
        guard let last = self.lastAcknowledgementOffset, last > 0 else { return 0 }
        let seconds = last + (self.run.schedule.isUnlimited ? 0 : 1 / self.run.schedule.rate)
        return Double(self.acknowledged) / seconds
    }

    /// Whether the send schedule was kept (within 2 %).
    var targetReached: Bool? {
        self.run.schedule.isUnlimited ? nil : self.achievedSendRate >= 0.98 * self.run.schedule.rate
    }

    /// Why the rate was missed, from what the producer measured.
    var bottleneck: String? {
        guard self.targetReached == false else { return nil }
        let send = self.outcome.sendDuration.seconds
        let waited = self.outcome.slotWait.seconds
        if waited > 0.25 * send {
            return "the producer spent \(StreamingChecks.format(waited)) s of \(StreamingChecks.format(send)) s waiting for a free request slot "
                + "(all \(self.run.concurrency) in flight, request p50 \(ProgressReporter.milliseconds(self.state.requestLatency.percentile(50)))): "
                + "the endpoint's answers are the limit at this concurrency; either the server is saturated (CPU or commit syncs; "
                + "compare its CPU time) or more requests must be in flight (--concurrency, --sink batch)"
        }
        return "the producer waited only \(StreamingChecks.format(waited)) s of \(StreamingChecks.format(send)) s for request slots: "
            + "generating and sending (the simulator's own CPU, \(StreamingChecks.format(self.outcome.cpuSeconds)) s, shared with the server on this machine) is the limit"
    }

    private func latencyJSON(_ histogram: LatencyHistogram) -> JSONValue {
        [
            "count": .integer(Int64(histogram.count)),
            "p50Ms": .double(Double(histogram.percentile(50)) / 1000),
            "p90Ms": .double(Double(histogram.percentile(90)) / 1000),
            "p99Ms": .double(Double(histogram.percentile(99)) / 1000),
            "maxMs": .double(Double(histogram.maxMicroseconds) / 1000),
            "meanMs": .double(histogram.meanMicroseconds / 1000),
        ]
    }

    var json: JSONValue {
        var object: JSONObject = [
            "shape": .string(self.shape.rawValue),
            "sink": .string(self.options.sink.rawValue),
            "startedAt": .string(self.startedAt.iso8601),
            "targetRate": .double(self.run.schedule.rate),
            "plannedEvents": .integer(Int64(self.run.total)),
            "sent": .integer(Int64(self.sent)),
            "originals": .integer(Int64(self.originals)),
            "duplicates": .integer(Int64(self.duplicates)),
            "acknowledged": .integer(Int64(self.acknowledged)),
            "failed": .integer(Int64(self.failed)),
            "requests": .integer(Int64(self.state.requests)),
            "retries": .integer(Int64(self.state.retries)),
            "sendSeconds": .double(self.outcome.sendDuration.seconds),
            "totalSeconds": .double(self.outcome.totalDuration.seconds),
            "achievedSendRate": .double(self.achievedSendRate),
            "achievedAcknowledgementRate": .double(self.achievedAcknowledgementRate),
            "targetReached": self.targetReached.map(JSONValue.bool) ?? .null,
            "maximumScheduleLagSeconds": .double(self.outcome.maximumLagSeconds),
            "slotWaitSeconds": .double(self.outcome.slotWait.seconds),
            "cpuSeconds": .double(self.outcome.cpuSeconds),
            "cpuMicrosecondsPerEvent": .double(self.sent == 0 ? 0 : self.outcome.cpuSeconds * 1e6 / Double(self.sent)),
            "concurrency": .integer(Int64(self.run.concurrency)),
            "devices": .integer(Int64(self.options.devices)),
            "duplicateEvery": .integer(Int64(self.options.duplicateEvery)),
            "seed": .integer(Int64(bitPattern: self.options.seed)),
            "requestLatency": self.latencyJSON(self.state.requestLatency),
            "eventLatency": self.latencyJSON(self.state.eventLatency),
            "errors": .object(JSONObject(self.state.errors.sorted { $0.key < $1.key }.map {
                JSONObject.Member(key: $0.key, value: .integer(Int64($0.value)))
            })),
        ]
        if self.options.sink != .ndjson {
            object["endpoint"] = .string(self.options.endpoint)
            object["database"] = .string(self.options.database)
            object["container"] = .string(self.options.container)
        }
        if self.options.sink == .batch {
            object["batchWindowMs"] = .integer(Int64(self.options.batchWindowMilliseconds))
            object["averageBatchSize"] = .double(self.state.requests == 0 ? 0 : Double(self.acknowledged + self.failed) / Double(self.state.requests))
        }
        if let bottleneck { object["bottleneck"] = .string(bottleneck) }
        return .object(object)
    }

    var text: String {
        let f = StreamingChecks.format
        let g = ProgressReporter.grouped
        let ms = ProgressReporter.milliseconds
        var lines: [String] = []
        let target = self.run.schedule.isUnlimited ? "unlimited" : "\(f(self.run.schedule.rate, 1)) events/s"
        var destination = self.options.sink == .ndjson ? "NDJSON to \(self.options.output ?? "-")"
            : "\(self.options.sink.rawValue) sink → \(self.options.endpoint) \(self.options.database)/\(self.options.container)"
        if self.options.sink == .batch {
            destination += " (window \(self.options.batchWindowMilliseconds) ms, up to \(self.options.batchSize) ops)"
        }
        lines.append("cosmolite-simulator summary: \(self.shape.rawValue) events, \(destination)")
        lines.append("  target rate       \(target), \(g(self.run.total)) events planned, concurrency \(self.run.concurrency)")
        lines.append("  sent              \(g(self.sent)) (\(g(self.originals)) originals + \(g(self.duplicates)) re-deliveries)")
        lines.append("  acknowledged      \(g(self.acknowledged)) in \(g(self.state.requests)) requests, \(g(self.state.retries)) retries")
        lines.append("  failed            \(g(self.failed))")
        for (reason, count) in self.state.errors.sorted(by: { $0.value > $1.value }) {
            lines.append("    \(g(count)) × \(reason)")
        }
        lines.append("  send phase        \(f(self.outcome.sendDuration.seconds, 2)) s, achieved \(f(self.achievedSendRate, 1)) events/s"
            + (self.targetReached.map { $0 ? " (target reached)" : " (TARGET NOT REACHED)" } ?? ""))
        lines.append("  acknowledgements  \(f(self.achievedAcknowledgementRate, 1)) events/s until the last one, at \(f(self.lastAcknowledgementOffset ?? 0, 2)) s")
        lines.append("  schedule          at most \(f(self.outcome.maximumLagSeconds, 3)) s behind; waited \(f(self.outcome.slotWait.seconds, 2)) s for free request slots")
        let perEvent = self.sent == 0 ? 0 : self.outcome.cpuSeconds * 1e6 / Double(self.sent)
        lines.append("  simulator CPU     \(f(self.outcome.cpuSeconds, 2)) s (\(f(100 * self.outcome.cpuSeconds / max(self.outcome.totalDuration.seconds, 1e-9), 0)) % of a core, \(f(perEvent, 1)) µs per event)")
        if self.options.sink != .ndjson {
            let request = self.state.requestLatency
            lines.append("  request latency   p50 \(ms(request.percentile(50)))  p90 \(ms(request.percentile(90)))  p99 \(ms(request.percentile(99)))  max \(ms(request.maxMicroseconds))")
            let event = self.state.eventLatency
            lines.append("  event latency     p50 \(ms(event.percentile(50)))  p90 \(ms(event.percentile(90)))  p99 \(ms(event.percentile(99)))  max \(ms(event.maxMicroseconds)) (generated → acknowledged)")
        }
        if let bottleneck { lines.append("  bottleneck        \(bottleneck)") }
        return lines.joined(separator: "\n")
    }
}
