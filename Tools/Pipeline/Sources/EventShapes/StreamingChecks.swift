/// The arithmetic of the streaming-at-scale verification, kept free of I/O so that it can be tested on its own.
///
/// The rules follow the Azure-Samples/streaming-at-scale verification notebooks
/// (`streaming/databricks/notebooks/verify-common.scala`, read through the search tool; facts only, no code taken):
/// - events are grouped by the minute in which the store wrote them (`floor(storedAt / 60) * 60`, where a Cosmos DB
///   store's `storedAt` is `_ts`); per minute the notebook computes `count / 60` events per second and the average
///   latency `storedAt - enqueuedAt` in seconds;
/// - throughput passes when the best minute reaches the asserted events per second (the scripts assert
///   `900` per `1000` of the test tier, i.e. 90 % of the target);
/// - latency passes when the best (lowest) per-minute average is at most the asserted latency (15,000 ms by default);
/// - the duplicate fraction is the number of `eventId`s seen more than once over the number of events, asserted ≤ 0;
/// - missing events: per device, events ordered by `deviceSequenceNumber`, only those whose rank / count lies in
///   [0.1, 0.9] (the oldest and newest 10 % are discarded because they may look missing through ordering), then the
///   differences between consecutive kept sequence numbers; a difference above 1 is a gap, asserted to be none.
///
/// Cosmolite has no Event Hubs enqueue time, so latency runs from the event's own `createdAt` (the simulator stamps it
/// when it generates the event) to `_ts`. `_ts` has whole-second resolution, so a per-window average latency carries
/// up to one second of truncation (it reads about 0.5 s low on average).
public enum StreamingChecks {
    /// What the store holds for one second of `_ts`.
    public struct SecondSample: Sendable, Hashable {
        public var second: Int64
        public var events: Int
        /// The sum of `_ts - createdAt` over the events whose `createdAt` could be read, in seconds.
        public var latencySumSeconds: Double
        public var latencyCount: Int

        public init(second: Int64, events: Int, latencySumSeconds: Double, latencyCount: Int) {
            self.second = second
            self.events = events
            self.latencySumSeconds = latencySumSeconds
            self.latencyCount = latencyCount
        }
    }

    /// One window of `_ts` (a minute by default).
    public struct Window: Sendable, Hashable {
        /// The first second of the window (a multiple of its length).
        public var start: Int64
        public var length: Int64
        public var events: Int
        public var latencySumSeconds: Double
        public var latencyCount: Int

        /// Events per second over the whole window.
        public var eventsPerSecond: Double { Double(self.events) / Double(self.length) }

        /// The average `_ts - createdAt` in seconds, `nil` when no event had a readable `createdAt`.
        public var averageLatencySeconds: Double? {
            self.latencyCount == 0 ? nil : self.latencySumSeconds / Double(self.latencyCount)
        }
    }

    /// Groups per-second samples into windows aligned to multiples of `length` seconds, in time order.
    public static func windows(_ samples: [SecondSample], length: Int64 = 60) -> [Window] {
        precondition(length > 0, "the window length must be positive")
        var byStart: [Int64: Window] = [:]
        for sample in samples {
            let start = Self.floorDiv(sample.second, length) * length
            var window = byStart[start] ?? Window(start: start, length: length, events: 0, latencySumSeconds: 0, latencyCount: 0)
            window.events += sample.events
            window.latencySumSeconds += sample.latencySumSeconds
            window.latencyCount += sample.latencyCount
            byStart[start] = window
        }
        return byStart.values.sorted { $0.start < $1.start }
    }

    /// The sequence-number check of one partition (a device).
    public struct SequenceCheck: Sendable, Hashable {
        /// How many events the partition holds.
        public var events: Int
        /// How many consecutive pairs of the middle 80 % were compared.
        public var comparedPairs: Int
        /// Pairs whose difference is above 1, and the sequence numbers they skip.
        public var gaps: Int
        public var missingNumbers: Int64
        /// Pairs whose difference is 0: one sequence number stored twice.
        public var repeats: Int
        /// The first few offending pairs (`(previous, next)`).
        public var examples: [Pair]

        public struct Pair: Sendable, Hashable {
            public var previous: Int64
            public var next: Int64

            public init(previous: Int64, next: Int64) {
                self.previous = previous
                self.next = next
            }
        }

        public var passed: Bool { self.gaps == 0 && self.repeats == 0 }
    }

    /// Checks one partition's sequence numbers (any order): sorted, the middle 80 % by rank kept (rank / count in
    /// [0.1, 0.9], ranks from 1), and every consecutive pair of kept numbers must differ by exactly 1.
    public static func checkSequence(_ numbers: [Int64], maximumExamples: Int = 3) -> SequenceCheck {
        let sorted = numbers.sorted()
        let count = sorted.count
        var check = SequenceCheck(events: count, comparedPairs: 0, gaps: 0, missingNumbers: 0, repeats: 0, examples: [])
        var previous: Int64?
        for (offset, number) in sorted.enumerated() {
            let fraction = Double(offset + 1) / Double(count)
            guard fraction >= 0.1 && fraction <= 0.9 else { continue }
            if let previous {
                check.comparedPairs += 1
                let difference = number - previous
                if difference != 1 {
                    if difference == 0 {
                        check.repeats += 1
                    } else {
                        check.gaps += 1
                        check.missingNumbers += difference - 1
                    }
                    if check.examples.count < maximumExamples {
                        check.examples.append(SequenceCheck.Pair(previous: previous, next: number))
                    }
                }
            }
            previous = number
        }
        return check
    }

    /// `floor(a / b)` for a positive `b`.
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
