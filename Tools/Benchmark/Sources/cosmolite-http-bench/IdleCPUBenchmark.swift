import BenchmarkSupport

/// Row 6: the server's CPU use while nobody sends anything, after the load (client connections stay open and idle,
/// as an SDK's keep-alive pool leaves them): a server that polls, ticks or spins shows here. The value is the
/// scheduler's run time summed over the threads (nanoseconds), not utime + stime alone: those count 10 ms ticks, so
/// a server that wakes a few times a second reads 0 or 10 ms by chance; both are shown.
struct IdleCPUBenchmark {
    /// Lets in-flight work (a last commit, closing responses) finish before the window starts.
    static let settleSeconds = 2.0

    let process: ServerProcess
    let seconds: Double

    func run() async throws -> HTTPResultRow {
        var progress = ProgressReporter()
        progress.begin("idle CPU over \(Format.decimal(self.seconds, digits: 0)) s")
        try await Task.sleep(for: .seconds(Self.settleSeconds))
        let before = try ProcessCPUSample(pid: self.process.pid)
        let start = MonotonicClock.nanoseconds()
        try await Task.sleep(for: .seconds(self.seconds))
        let after = try ProcessCPUSample(pid: self.process.pid)
        let window = MonotonicClock.seconds(since: start)
        let tickMilliseconds = after.cpuMilliseconds(since: before)
        let activity = after.activity(since: before)
        let milliseconds = after.hasSchedstat ? Double(activity.runNanoseconds) / 1e6 : tickMilliseconds
        progress.finish("\(Format.decimal(milliseconds, digits: 2)) CPU ms, \(activity.switches) wake-ups")
        let woke = activity.threads.prefix(6).map { "\($0.name) ×\($0.switches)" }.joined(separator: ", ")
        return HTTPResultRow(
            number: "6",
            title: "Idle CPU of the server after the load",
            value: milliseconds,
            unit: "CPU ms",
            details: [
                "over \(Format.decimal(window, digits: 1)) s of idle: "
                    + (after.hasSchedstat ? "run time by schedstat, " : "")
                    + "\(Format.decimal(milliseconds / (window * 10), digits: 3)) % of one core; "
                    + "utime + stime \(Format.decimal(tickMilliseconds, digits: 0)) ms (\(1_000 / ProcessCPUSample.ticksPerSecond) ms ticks)",
                "\(activity.switches) wake-ups (context switches) in \(after.threads.count) threads"
                    + (woke.isEmpty ? "" : ": \(woke)"),
            ],
            target: .idleCPU
        )
    }
}
