/// The pre-generated input every engine receives: NDJSON lines (re-deliveries included) plus what the query phase
/// needs to draw realistic parameters (ids that exist, the epoch span, how deep device sequences go).
public struct EventWorkload: Sendable {
    /// One distinct event, as the query phase (and the partition key header of a request) needs it.
    public struct Event: Sendable {
        public let eventId: String
        public let deviceId: String

        public init(eventId: String, deviceId: String) {
            self.eventId = eventId
            self.deviceId = deviceId
        }
    }

    public let seed: UInt64
    /// Every line, in delivery order, without the newline.
    public let lines: [[UInt8]]
    /// The same lines as Swift strings, for SQLite (which parses text, not blobs); empty when SQLite is not run.
    public let texts: [String]
    /// `true` for a line that re-delivers an earlier event with exactly the same bytes.
    public let isRedelivery: [Bool]
    /// For each line, the index in ``events`` of the event it carries (a re-delivery points at its original).
    public let eventIndexOfLine: [Int]
    /// The distinct events in arrival order.
    public let events: [Event]
    /// `epoch` of the first and the last distinct event.
    public let firstEpoch: Int64
    public let lastEpoch: Int64
    /// Events per device of the device that sent the fewest: every sequence number below it exists on every device.
    public let fewestEventsPerDevice: Int

    public var lineCount: Int { self.lines.count }
    public var distinctCount: Int { self.events.count }

    /// The event line `index` carries (its device is the partition key a request names).
    public func event(ofLine index: Int) -> Event {
        self.events[self.eventIndexOfLine[index]]
    }

    /// How many distinct events the first `count` lines carry (a re-delivery always follows its original).
    public func distinctCount(inFirst count: Int) -> Int {
        count - self.isRedelivery.prefix(count).count { $0 }
    }
}
