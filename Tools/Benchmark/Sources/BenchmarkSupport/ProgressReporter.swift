import Foundation

/// Tells the person waiting on a long run (on stderr, so the table on stdout stays clean) which phase is running
/// and how fast it goes, at most every few seconds.
public struct ProgressReporter {
    private let interval: Double
    private var phase = ""
    private var phaseStart: UInt64 = 0
    private var lastReport: UInt64 = 0

    public init(intervalSeconds: Double = 3) {
        self.interval = intervalSeconds
    }

    /// Starts a phase and says so at once.
    public mutating func begin(_ phase: String) {
        self.phase = phase
        self.phaseStart = MonotonicClock.nanoseconds()
        self.lastReport = self.phaseStart
        Self.log("[\(phase)] started")
    }

    /// Reports `done` of `total` items and the rate so far, when the interval has passed since the last report.
    public mutating func update(done: Int, total: Int, unit: String = "events") {
        let now = MonotonicClock.nanoseconds()
        guard Double(now - self.lastReport) / 1e9 >= self.interval else { return }
        self.lastReport = now
        let seconds = Double(now - self.phaseStart) / 1e9
        let rate = seconds > 0 ? Double(done) / seconds : 0
        Self.log("[\(self.phase)] \(Format.integer(done))/\(Format.integer(total)) \(unit), \(Format.integer(Int(rate))) \(unit)/s so far")
    }

    /// Ends the phase with a one-line summary.
    public mutating func finish(_ summary: String) {
        Self.log("[\(self.phase)] done in \(Format.seconds(MonotonicClock.seconds(since: self.phaseStart))): \(summary)")
    }

    public static func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
