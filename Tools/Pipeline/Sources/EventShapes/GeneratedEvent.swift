/// One event as it goes on the wire: its JSON body and the values a sink needs without parsing it again.
public struct GeneratedEvent: Sendable, Hashable {
    /// The compact JSON document, exactly as sent (a re-delivery sends the same bytes).
    public var body: [UInt8]
    /// The partition key value (`deviceId` of a streaming event, `pk` of a geo event).
    public var partitionKey: String
    /// The event's identity (`eventId`, or `id` for geo events).
    public var id: String

    public init(body: [UInt8], partitionKey: String, id: String) {
        self.body = body
        self.partitionKey = partitionKey
        self.id = id
    }

    /// The body as text.
    public var text: String { String(decoding: self.body, as: UTF8.self) }
}

/// Something that makes original events, one after another, deterministically from its seed.
///
/// The creation time is passed in (rather than read from a clock) so that the same seed and the same timestamps give
/// the same bytes; the simulator passes the wall-clock time of generation, tests pass fixed instants.
public protocol EventGenerator {
    /// The next original event, stamped `createdAt`.
    mutating func next(createdAt: EventTimestamp) -> GeneratedEvent
}

/// A random version-4 UUID in lowercase text form, drawn from `random`.
func uuidText(_ random: inout SeededRandom) -> String {
    let high = (random.next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
    let low = (random.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(36)
    for (half, value) in [high, low].enumerated() {
        for nibble in 0..<16 {
            let position = half * 16 + nibble
            if position == 8 || position == 12 || position == 16 || position == 20 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(hex[Int((value >> UInt64(60 - nibble * 4)) & 0xF)])
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The two values of the `sender` field.
public let eventSenders = ["sender-east", "sender-west"]
