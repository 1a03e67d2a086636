/// A histogram of latencies in microseconds with log-linear buckets: exact below 128 µs, then 64 buckets per power of
/// two, so a percentile read from it is within about 1.6 % of the true value. Fixed memory, O(1) recording, mergeable.
public struct LatencyHistogram: Sendable, Hashable {
    private static let subBucketBits = 6
    private static let subBuckets = 1 << subBucketBits  // 64
    private static let bucketCount = (64 - subBucketBits + 1) * subBuckets

    private var counts: [UInt32]
    public private(set) var count: Int = 0
    public private(set) var sumMicroseconds: Double = 0
    public private(set) var maxMicroseconds: Int64 = 0

    public init() {
        self.counts = Array(repeating: 0, count: Self.bucketCount)
    }

    public var isEmpty: Bool { self.count == 0 }

    /// The mean in microseconds (0 when empty).
    public var meanMicroseconds: Double {
        self.count == 0 ? 0 : self.sumMicroseconds / Double(self.count)
    }

    public mutating func record(microseconds value: Int64) {
        let clamped = max(0, value)
        self.counts[Self.bucket(of: clamped)] += 1
        self.count += 1
        self.sumMicroseconds += Double(clamped)
        self.maxMicroseconds = max(self.maxMicroseconds, clamped)
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in 0..<Self.bucketCount where other.counts[index] != 0 {
            self.counts[index] += other.counts[index]
        }
        self.count += other.count
        self.sumMicroseconds += other.sumMicroseconds
        self.maxMicroseconds = max(self.maxMicroseconds, other.maxMicroseconds)
    }

    public mutating func reset() {
        self = LatencyHistogram()
    }

    /// The value at `percentile` (0...100) in microseconds: the representative value of the bucket holding that rank
    /// (the largest recorded value for 100); 0 when empty.
    public func percentile(_ percentile: Double) -> Int64 {
        guard self.count > 0 else { return 0 }
        if percentile >= 100 { return self.maxMicroseconds }
        let rank = max(1, Int((percentile / 100 * Double(self.count)).rounded(.up)))
        var seen = 0
        for index in 0..<Self.bucketCount where self.counts[index] != 0 {
            seen += Int(self.counts[index])
            if seen >= rank { return min(Self.representative(of: index), self.maxMicroseconds) }
        }
        return self.maxMicroseconds
    }

    static func bucket(of value: Int64) -> Int {
        if value < Int64(2 * subBuckets) { return Int(value) }
        let magnitude = 63 - value.leadingZeroBitCount  // >= subBucketBits + 1
        let shift = magnitude - subBucketBits
        let mantissa = Int(value >> Int64(shift))  // in [64, 128)
        return (shift + 1) * subBuckets + (mantissa - subBuckets)
    }

    /// The middle of bucket `index`'s range.
    static func representative(of index: Int) -> Int64 {
        if index < 2 * subBuckets { return Int64(index) }
        let shift = index / subBuckets - 1
        let mantissa = Int64(index % subBuckets + subBuckets)
        let low = mantissa << Int64(shift)
        let width = Int64(1) << Int64(shift)
        return low + (width - 1) / 2
    }
}
