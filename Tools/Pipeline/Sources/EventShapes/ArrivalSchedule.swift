/// When each emission of a fixed-rate stream is due, measured from the start of the run (absolute times, so that
/// a late emission does not push every later one back: a sender that falls behind catches up when it can).
public struct ArrivalSchedule: Sendable, Hashable {
    /// Emissions per second; 0 means as fast as possible.
    public let rate: Double

    public init(rate: Double) {
        precondition(rate >= 0 && rate.isFinite, "the rate must be a finite, non-negative number")
        self.rate = rate
    }

    /// Whether there is no rate limit.
    public var isUnlimited: Bool { self.rate == 0 }

    /// Seconds after the start at which emission `index` (from 0) is due.
    public func dueOffset(of index: Int) -> Double {
        self.isUnlimited ? 0 : Double(index) / self.rate
    }

    /// How many emissions are due `elapsed` seconds after the start (emission 0 is due at once), capped at `total`.
    public func dueCount(after elapsed: Double, total: Int) -> Int {
        if self.isUnlimited { return total }
        guard elapsed >= 0 else { return 0 }
        let due = (elapsed * self.rate).rounded(.down) + 1
        return due >= Double(total) ? total : Int(due)
    }
}
