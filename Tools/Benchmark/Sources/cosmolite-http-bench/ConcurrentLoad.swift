import BenchmarkSupport

/// Runs `count` numbered operations from `concurrency` tasks that each take the next number from a shared counter
/// (so that a slow request never leaves other clients idle), timing every operation; stops early at `deadline`.
struct ConcurrentLoad: Sendable {
    /// What a load did.
    struct Outcome: Sendable {
        /// Each completed operation's latency, in nanoseconds, in no particular order.
        let latencies: [UInt64]
        let seconds: Double
        /// Whether the deadline cut the load short (fewer than `count` operations completed).
        let hitDeadline: Bool

        var completed: Int { self.latencies.count }
        var perSecond: Double { Double(self.completed) / self.seconds }
        var summary: LatencySummary { LatencySummary(nanoseconds: self.latencies) }
    }

    let concurrency: Int
    let count: Int
    /// ``MonotonicClock`` nanoseconds after which no new operation starts.
    let deadline: UInt64
    /// What the progress lines call one operation.
    let unit: String

    /// Runs the load; the first error stops every task and is rethrown.
    func run(
        progress label: String,
        _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Outcome {
        let next = SharedCounter()
        let completed = SharedCounter()
        let count = self.count
        let deadline = self.deadline
        let reporter = ProgressReporter.reportingTask(label, done: completed, total: count, unit: self.unit)
        defer { reporter.cancel() }
        let start = MonotonicClock.nanoseconds()
        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<self.concurrency {
                group.addTask {
                    var own: [UInt64] = []
                    while true {
                        let index = next.add()
                        guard index < count, MonotonicClock.nanoseconds() < deadline else { break }
                        let begin = MonotonicClock.nanoseconds()
                        try await operation(index)
                        own.append(MonotonicClock.nanoseconds() - begin)
                        completed.add()
                    }
                    return own
                }
            }
            for try await own in group {
                latencies += own
            }
        }
        let seconds = MonotonicClock.seconds(since: start)
        reporter.cancel()
        ProgressReporter.log("[\(label)] done in \(Format.seconds(seconds)): \(Format.integer(latencies.count)) \(self.unit)")
        return Outcome(latencies: latencies, seconds: seconds, hitDeadline: latencies.count < count)
    }
}
