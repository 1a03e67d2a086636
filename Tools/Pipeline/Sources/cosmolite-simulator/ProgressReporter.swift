import EventShapes

/// Prints a progress line to standard error every second: sent, acknowledged, errors, the acknowledgement rate of the
/// last second and of the whole run, and the median and 99th percentile latency of the requests acknowledged in the
/// last second. On a terminal the line is rewritten in place; otherwise each second gets its own line.
struct ProgressReporter: Sendable {
    let statistics: RunStatistics
    let start: ContinuousClock.Instant
    let run: RunParameters

    func run() async {
        var tick = 1
        var previousAcknowledged = 0
        var previousInstant = self.start
        var warnedBehind = false
        while !Task.isCancelled {
            do {
                try await Task.sleep(until: self.start + .seconds(tick), clock: .continuous)
            } catch {
                break
            }
            let now = ContinuousClock.now
            let state = self.statistics.snapshot(resetInterval: true)
            let interval = (now - previousInstant).seconds
            let currentRate = interval > 0 ? Double(state.acknowledged - previousAcknowledged) / interval : 0
            let averageRate = Double(state.acknowledged) / max((now - self.start).seconds, 1e-9)
            let lag = Producer.lag.current
            var line = "[\(Self.pad(String(tick), 4))s] sent \(Self.grouped(state.sent))  acked \(Self.grouped(state.acknowledged))"
                + "  errors \(Self.grouped(state.failed))  rate \(Self.grouped(Int(currentRate.rounded())))/s"
                + " (avg \(Self.grouped(Int(averageRate.rounded())))/s)"
                + "  p50 \(Self.milliseconds(state.intervalLatency.percentile(50)))"
                + "  p99 \(Self.milliseconds(state.intervalLatency.percentile(99)))"
            if state.retries > 0 { line += "  retries \(Self.grouped(state.retries))" }
            let behind = lag.seconds > 0.5
            if behind { line += "  BEHIND \(Self.grouped(lag.behind)) events (\(StreamingChecks.format(lag.seconds)) s)" }
            if Console.standardErrorIsTerminal {
                Console.error("\r\u{1B}[2K" + line, newline: false)
            } else {
                Console.error(line)
            }
            if behind && !warnedBehind && !self.run.schedule.isUnlimited {
                warnedBehind = true
                let message = "warning: the target rate of \(StreamingChecks.format(self.run.schedule.rate)) events/s is not being reached "
                    + "(\(StreamingChecks.format(lag.seconds)) s behind schedule); see the summary for where the time goes"
                Console.error(Console.standardErrorIsTerminal ? "\n" + message : message)
            }
            previousAcknowledged = state.acknowledged
            previousInstant = now
            tick += 1
        }
        if Console.standardErrorIsTerminal { Console.error("") }
    }

    static func milliseconds(_ microseconds: Int64) -> String {
        StreamingChecks.format(Double(microseconds) / 1000, digits: 2) + " ms"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `12,345`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }
}
