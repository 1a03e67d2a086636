import EventShapes
import Testing

@Suite("Streaming-at-scale rules")
struct StreamingChecksTests {
    @Test("a contiguous sequence passes")
    func contiguous() {
        let check = StreamingChecks.checkSequence(Array(0..<100).shuffled())
        #expect(check.passed && check.gaps == 0 && check.repeats == 0)
        #expect(check.comparedPairs == 80)  // ranks 10 ... 90 of 100
    }

    @Test("a gap in the middle fails and is described")
    func middleGap() {
        var numbers = Array(Int64(0)..<100)
        numbers.removeAll { $0 == 50 || $0 == 51 }
        let check = StreamingChecks.checkSequence(numbers)
        #expect(!check.passed && check.gaps == 1 && check.missingNumbers == 2)
        #expect(check.examples == [.init(previous: 49, next: 52)])
    }

    @Test("gaps among the oldest and newest 10 % are ignored")
    func edgeGaps() {
        var numbers = Array(Int64(0)..<100)
        numbers.removeAll { $0 == 3 || $0 == 97 }
        #expect(StreamingChecks.checkSequence(numbers).passed)
    }

    @Test("a repeated sequence number in the middle fails")
    func repeated() {
        let check = StreamingChecks.checkSequence(Array(0..<100) + [40])
        #expect(!check.passed && check.repeats == 1 && check.gaps == 0)
    }

    @Test("too few events compare nothing")
    func tiny() {
        #expect(StreamingChecks.checkSequence([5]).comparedPairs == 0)
        #expect(StreamingChecks.checkSequence([]).comparedPairs == 0)
    }

    @Test("seconds group into aligned windows")
    func windows() {
        let samples = (0..<130).map { offset in
            StreamingChecks.SecondSample(second: 1_763_711_040 + Int64(offset), events: 10, latencySumSeconds: 5, latencyCount: 10)
        }
        let windows = StreamingChecks.windows(samples, length: 60)
        #expect(windows.map(\.start) == [1_763_711_040, 1_763_711_100, 1_763_711_160])
        #expect(windows.map(\.events) == [600, 600, 100])
        #expect(windows[0].eventsPerSecond == 10)
        #expect(windows[0].averageLatencySeconds == 0.5)
    }

    static func observations(events: Int = 60_000, distinct: Int = 60_000, gapIn device: String? = nil) -> StreamingChecks.Observations {
        let windows = StreamingChecks.windows([
            .init(second: 1_763_711_040, events: events / 2, latencySumSeconds: Double(events / 2) * 0.2, latencyCount: events / 2),
            .init(second: 1_763_711_041, events: events / 2, latencySumSeconds: Double(events / 2) * 0.4, latencyCount: events / 2),
        ])
        var sequences: [String: StreamingChecks.SequenceCheck] = [:]
        for index in 0..<10 {
            let name = StreamingEventGenerator.deviceId(index)
            var numbers = Array(Int64(0)..<100)
            if name == device { numbers.remove(at: 50) }
            sequences[name] = StreamingChecks.checkSequence(numbers)
        }
        return .init(windows: windows, totalEvents: events, distinctEvents: distinct, sequences: sequences)
    }

    @Test("all four rules pass on a clean run")
    func allPass() {
        let outcomes = StreamingChecks.evaluate(Self.observations(), thresholds: .init(expectedRate: 1000))
        #expect(outcomes.map(\.rule) == ["throughput", "latency", "duplicates", "sequence-gaps"])
        #expect(outcomes.allSatisfy { $0.passed })
        #expect(outcomes[1].measured == 0.3)
    }

    @Test("each rule fails on its own")
    func failures() {
        let slow = StreamingChecks.evaluate(Self.observations(events: 50_000, distinct: 50_000), thresholds: .init(expectedRate: 1000))
        #expect(slow.filter { !$0.passed }.map(\.rule) == ["throughput"])
        var strict = StreamingChecks.Thresholds(expectedRate: 1000)
        strict.maximumLatencySeconds = 0.1
        #expect(StreamingChecks.evaluate(Self.observations(), thresholds: strict).filter { !$0.passed }.map(\.rule) == ["latency"])
        let duplicated = StreamingChecks.evaluate(Self.observations(distinct: 59_999), thresholds: .init(expectedRate: 1000))
        #expect(duplicated.filter { !$0.passed }.map(\.rule) == ["duplicates"])
        let gap = StreamingChecks.evaluate(Self.observations(gapIn: "contoso-device-id-000003"), thresholds: .init(expectedRate: 1000))
        #expect(gap.filter { !$0.passed }.map(\.rule) == ["sequence-gaps"])
        #expect(gap[3].detail.contains("contoso-device-id-000003: 49→51"))
    }

    @Test("an empty container fails throughput and latency")
    func empty() {
        let outcomes = StreamingChecks.evaluate(.init(windows: [], totalEvents: 0, distinctEvents: 0, sequences: [:]),
                                                thresholds: .init(expectedRate: 10))
        #expect(outcomes.filter { !$0.passed }.map(\.rule) == ["throughput", "latency"])
    }

    @Test("numbers format without trailing zeros")
    func formatting() {
        #expect(StreamingChecks.format(900) == "900")
        #expect(StreamingChecks.format(0.12345, digits: 3) == "0.123")
        #expect(StreamingChecks.format(2.5) == "2.5")
        #expect(StreamingChecks.format(-0.25, digits: 2) == "-0.25")
    }
}
