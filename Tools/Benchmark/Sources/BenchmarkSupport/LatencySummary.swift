/// The median and the 99th percentile of a set of timings: medians resist the noise of shared machines, p99 shows
/// the tail a server would see.
public struct LatencySummary: Sendable, Codable {
    public var medianNanoseconds: Double
    public var p99Nanoseconds: Double
    public var samples: Int

    public init(nanoseconds: [UInt64]) {
        precondition(!nanoseconds.isEmpty, "a latency summary needs at least one sample")
        let sorted = nanoseconds.sorted()
        let count = sorted.count
        self.medianNanoseconds = count % 2 == 1
            ? Double(sorted[count / 2])
            : (Double(sorted[count / 2 - 1]) + Double(sorted[count / 2])) / 2
        let rank = Int((0.99 * Double(count)).rounded(.up)) - 1
        self.p99Nanoseconds = Double(sorted[min(max(rank, 0), count - 1)])
        self.samples = count
    }
}
