/// The pre-generated input every engine receives: NDJSON lines (re-deliveries included) plus what the query phase
/// needs to draw realistic parameters (ids that exist, the epoch span, how deep device sequences go).
struct EventWorkload: Sendable {
    /// One distinct event, as the query phase needs it.
    struct Event: Sendable {
        let eventId: String
        let deviceId: String
    }

    let seed: UInt64
    /// Every line, in delivery order, without the newline.
    let lines: [[UInt8]]
    /// The same lines as Swift strings, for SQLite (which parses text, not blobs); empty when SQLite is not run.
    let texts: [String]
    /// `true` for a line that re-delivers an earlier event with exactly the same bytes.
    let isRedelivery: [Bool]
    /// The distinct events in arrival order.
    let events: [Event]
    /// `epoch` of the first and the last distinct event.
    let firstEpoch: Int64
    let lastEpoch: Int64
    /// Events per device of the device that sent the fewest: every sequence number below it exists on every device.
    let fewestEventsPerDevice: Int

    var lineCount: Int { self.lines.count }
    var distinctCount: Int { self.events.count }

    /// How many distinct events the first `count` lines carry (a re-delivery always follows its original).
    func distinctCount(inFirst count: Int) -> Int {
        count - self.isRedelivery.prefix(count).count { $0 }
    }
}
