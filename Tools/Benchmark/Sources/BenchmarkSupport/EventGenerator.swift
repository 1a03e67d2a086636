/// Generates the streaming-at-scale style events of performance.md, deterministically from a seed.
///
/// Events arrive at 10 per second (`epoch` and `createdAt` increase with arrival), come from 1,000 devices (the
/// partition key) and land uniformly in North Carolina's bounding box. One line in a thousand re-delivers an earlier
/// event with the very same bytes, a little later in the stream, as at-least-once pipelines do.
public struct EventGenerator: Sendable {
    public static let deviceCount = 1_000
    public static let eventsPerSecond = 10
    /// 2020-06-25T15:46:20Z, the simulator's era.
    public static let firstEpoch: Int64 = 1_593_099_980
    public static let longitudes = -84.3 ... -75.5
    public static let latitudes = 33.8...36.6
    public static let senders = ["python_kafka_sdk", "spark_streaming"]
    /// A re-delivery arrives up to this many events after its original.
    public static let largestRedeliveryDelay = 2_000

    public let lineCount: Int
    public let seed: UInt64
    public let includesTexts: Bool

    public init(lineCount: Int, seed: UInt64, includesTexts: Bool = false) {
        self.lineCount = lineCount
        self.seed = seed
        self.includesTexts = includesTexts
    }

    /// The whole workload in memory (what the benchmarks replay, query parameters included).
    public func generate() -> EventWorkload {
        var stream = self.stream()
        var lines: [[UInt8]] = []
        lines.reserveCapacity(self.lineCount)
        var isRedelivery: [Bool] = []
        isRedelivery.reserveCapacity(self.lineCount)
        var eventIndexOfLine: [Int] = []
        eventIndexOfLine.reserveCapacity(self.lineCount)
        var events: [EventWorkload.Event] = []
        events.reserveCapacity(stream.distinctCount)
        while let line = stream.next() {
            lines.append(line.bytes)
            isRedelivery.append(line.isRedelivery)
            eventIndexOfLine.append(line.eventIndex)
            if !line.isRedelivery { events.append(line.event) }
        }
        precondition(lines.count == self.lineCount, "the generator lost or added lines")
        return EventWorkload(
            seed: self.seed,
            lines: lines,
            texts: self.includesTexts ? lines.map { String(decoding: $0, as: UTF8.self) } : [],
            isRedelivery: isRedelivery,
            eventIndexOfLine: eventIndexOfLine,
            events: events,
            firstEpoch: Self.firstEpoch,
            lastEpoch: Self.firstEpoch + Int64((stream.distinctCount - 1) / Self.eventsPerSecond),
            fewestEventsPerDevice: stream.fewestEventsPerDevice
        )
    }

    /// The same lines one at a time, for data sets too big to hold (the start-up benchmark's million documents).
    public func stream() -> EventStream {
        EventStream(lineCount: self.lineCount, seed: self.seed)
    }

    /// The smallest line count whose distinct events (re-deliveries aside) number exactly `documents`.
    public static func lineCount(forDistinctEvents documents: Int) -> Int {
        var lines = documents
        while lines - lines / 1_000 < documents { lines += 1 }
        return lines
    }

    /// Which distinct events are delivered twice, and after which arrival each second copy comes: sorted by arrival.
    static func scheduleRedeliveries(
        count: Int,
        distinctCount: Int,
        random: inout SeededRandom
    ) -> [(original: Int, after: Int)] {
        var originals: Set<Int> = []
        var schedule: [(original: Int, after: Int)] = []
        while schedule.count < count {
            let original = random.nextIndex(below: distinctCount)
            guard originals.insert(original).inserted else { continue }
            let delay = 1 + random.nextIndex(below: Self.largestRedeliveryDelay)
            schedule.append((original, min(original + delay, distinctCount - 1)))
        }
        return schedule.sorted { ($0.after, $0.original) < ($1.after, $1.original) }
    }

    /// One event as minified JSON (about 1 KB).
    static func line(
        eventId: String,
        deviceId: String,
        sequenceNumber: Int,
        arrival: Int,
        random: inout SeededRandom
    ) -> [UInt8] {
        let isCO2 = random.nextBool()
        let value = isCO2 ? random.nextDouble(in: 350...2_000) : random.nextDouble(in: -10...40)
        let epoch = Self.firstEpoch + Int64(arrival / Self.eventsPerSecond)
        let microseconds = Int64(arrival % Self.eventsPerSecond) * 100_000 + Int64(random.nextIndex(below: 100_000))
        var text = #"{"eventId":""# + eventId + #"","deviceId":""# + deviceId + #"","deviceSequenceNumber":"#
        text += String(sequenceNumber) + #","type":""# + (isCO2 ? "CO2" : "TEMP") + #"","value":"# + "\(value)"
        text += #","createdAt":""# + Self.iso8601(seconds: epoch, microseconds: microseconds) + #"","complexData":{"#
        for index in 0..<23 {
            if index > 0 { text += "," }
            text += #""moreData"# + String(index) + #"":"# + "\(random.nextDouble(in: 0...100))"
        }
        let longitude = random.nextDouble(in: Self.longitudes)
        let latitude = random.nextDouble(in: Self.latitudes)
        text += #"},"epoch":"# + String(epoch) + #","location":{"type":"Point","coordinates":["#
        text += "\(longitude),\(latitude)" + #"]},"sender":""# + Self.senders[random.nextBool() ? 1 : 0] + #""}"#
        return Array(text.utf8)
    }

    /// `contoso-device-id-000154`.
    public static func deviceId(_ number: Int) -> String {
        let digits = String(number)
        return "contoso-device-id-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// A version-4 UUID in lowercase text form, from the seeded generator.
    static func uuid(_ random: inout SeededRandom) -> String {
        var high = random.next()
        var low = random.next()
        high = (high & ~0xF000) | 0x4000
        low = (low & ~(0xC << 60)) | (0x8 << 60)
        let hex = Self.hex(high, digits: 16) + Self.hex(low, digits: 16)
        let characters = Array(hex)
        return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16]) + "-"
            + String(characters[16..<20]) + "-" + String(characters[20..<32])
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// `2020-06-25T15:46:20.123456Z` from seconds since 1970 and microseconds into that second.
    public static func iso8601(seconds: Int64, microseconds: Int64) -> String {
        let totalSeconds = seconds + microseconds / 1_000_000
        let fraction = microseconds % 1_000_000
        let days = totalSeconds / 86_400
        let secondOfDay = totalSeconds % 86_400
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + "T" + padded(secondOfDay / 3_600, 2) + ":"
            + padded(secondOfDay % 3_600 / 60, 2) + ":" + padded(secondOfDay % 60, 2) + "." + padded(fraction, 6) + "Z"
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (days after 1970 only, which is all we need).
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        // Count from 0000-03-01 so that the leap day ends each 400-year era's years.
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
