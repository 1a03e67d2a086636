import EventShapes
import Testing

@Suite("Event stream, schedule, timestamps and histogram")
struct StreamTests {
    @Test("every n-th original comes again, byte-identical, a fixed number of emissions later")
    func duplicates() {
        var stream = EventStream(generator: StreamingEventGenerator(seed: 5, devices: 20), duplicateEvery: 100, duplicateDelay: 10)
        var emissions: [Emission] = []
        for index in 0..<1000 {
            emissions.append(stream.next(now: EventTimestamp(microseconds: 1_700_000_000_000_000 + Int64(index) * 1000)))
        }
        let duplicates = emissions.filter(\.isDuplicate)
        #expect(stream.duplicates == duplicates.count && stream.originals + stream.duplicates == 1000)
        #expect(duplicates.count == 9)  // the 100th, 200th, … 900th originals; the 990th's turn would be past the end
        let originals = emissions.filter { !$0.isDuplicate }
        #expect(Set(originals.map(\.event.id)).count == originals.count)
        for duplicate in duplicates {
            let original = emissions.first { !$0.isDuplicate && $0.event.id == duplicate.event.id }!
            #expect(original.event.body == duplicate.event.body)
            #expect(duplicate.position - original.position == 10)
        }
    }

    @Test("no duplicates when duplicateEvery is 0")
    func noDuplicates() {
        var stream = EventStream(generator: GeoEventGenerator(seed: 1), duplicateEvery: 0)
        for _ in 0..<3000 { _ = stream.next(now: EventTimestamp(microseconds: 0)) }
        #expect(stream.duplicates == 0 && stream.originals == 3000)
    }

    @Test("the schedule is by absolute time")
    func schedule() {
        let schedule = ArrivalSchedule(rate: 1000)
        #expect(schedule.dueOffset(of: 0) == 0)
        #expect(schedule.dueOffset(of: 1500) == 1.5)
        #expect(schedule.dueCount(after: 0, total: 10_000) == 1)
        #expect(schedule.dueCount(after: 0.0105, total: 10_000) == 11)
        #expect(schedule.dueCount(after: 60, total: 10_000) == 10_000)
        #expect(schedule.dueCount(after: -1, total: 10) == 0)
        #expect(ArrivalSchedule(rate: 0).dueCount(after: 0, total: 77) == 77)
    }

    @Test("timestamps format and parse with microseconds", arguments: [
        ("1970-01-01T00:00:00.000000Z", Int64(0)),
        ("2000-02-29T23:59:59.999999Z", Int64(951_868_799_999_999)),
        ("2025-11-21T07:44:12.123456Z", Int64(1_763_711_052_123_456)),
        ("1969-12-31T23:59:59.500000Z", Int64(-500_000)),
    ])
    func timestamps(text: String, microseconds: Int64) {
        #expect(EventTimestamp(microseconds: microseconds).iso8601 == text)
        #expect(EventTimestamp(iso8601: text)?.microseconds == microseconds)
    }

    @Test("timestamp parsing accepts other precisions and rejects malformed text")
    func timestampParsing() {
        #expect(EventTimestamp(iso8601: "2025-11-21T07:44:12Z")?.microseconds == 1_763_711_052_000_000)
        #expect(EventTimestamp(iso8601: "2025-11-21T07:44:12.1234567Z")?.microseconds == 1_763_711_052_123_456)
        #expect(EventTimestamp(iso8601: "2025-11-21T07:44:12.1Z")?.microseconds == 1_763_711_052_100_000)
        #expect(EventTimestamp(iso8601: "2025-11-21 07:44:12Z") == nil)
        #expect(EventTimestamp(iso8601: "2025-13-21T07:44:12Z") == nil)
        #expect(EventTimestamp(iso8601: "2025-11-21T07:44:12.Z") == nil)
        #expect(EventTimestamp(iso8601: "2025-11-21T07:44:12+01:00") == nil)
    }

    @Test("the wall clock is after 2024 and advances")
    func wallClock() {
        let first = EventTimestamp.now()
        #expect(first.microseconds > 1_704_067_200_000_000)
        #expect(EventTimestamp.now() >= first)
    }

    @Test("histogram percentiles are within 2 % of the exact values")
    func histogram() {
        var random = SeededRandom(seed: 9)
        var histogram = LatencyHistogram()
        var values: [Int64] = []
        for _ in 0..<20_000 {
            let value = Int64(exp2(random.double(in: 0...20)))
            values.append(value)
            histogram.record(microseconds: value)
        }
        values.sort()
        for percentile in [50.0, 90.0, 99.0, 99.9] {
            let exact = values[Int((percentile / 100 * Double(values.count)).rounded(.up)) - 1]
            let estimate = histogram.percentile(percentile)
            #expect(abs(Double(estimate - exact)) <= max(1, 0.02 * Double(exact)), "p\(percentile): \(estimate) vs \(exact)")
        }
        #expect(histogram.percentile(100) == values.last)
        #expect(histogram.count == 20_000)
        var merged = LatencyHistogram()
        merged.merge(histogram)
        merged.merge(histogram)
        #expect(merged.count == 40_000 && merged.percentile(50) == histogram.percentile(50))
        #expect(LatencyHistogram().percentile(50) == 0)
    }

    @Test("small latencies are exact")
    func histogramSmallValues() {
        var histogram = LatencyHistogram()
        for value in 1...100 { histogram.record(microseconds: Int64(value)) }
        #expect(histogram.percentile(50) == 50)
        #expect(histogram.percentile(99) == 99)
        #expect(histogram.maxMicroseconds == 100)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
