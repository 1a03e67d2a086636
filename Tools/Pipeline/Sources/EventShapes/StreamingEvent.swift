import JSON

/// Makes events shaped like the streaming-at-scale simulator's device telemetry, plus the fields Cosmolite's serving
/// queries use (see docs/performance.md, "The workload"):
///
/// ```json
/// {"eventId":"6f1c…","deviceId":"contoso-device-id-000154","deviceSequenceNumber":17,"type":"CO2","value":612.4…,
///  "createdAt":"2025-11-21T07:44:12.123456Z","complexData":{"moreData0":…,…,"moreData22":…},
///  "epoch":1763711052,"location":{"type":"Point","coordinates":[-78.63…,35.77…]},"sender":"sender-east"}
/// ```
///
/// About 1.1 KB each. Each event goes to a device drawn uniformly from `devices`; `deviceSequenceNumber` counts that
/// device's events from 0, so a reader can find gaps. `location` is uniform inside North Carolina's bounding box
/// (longitude -84.3 to -75.5, latitude 33.8 to 36.6). Everything except `createdAt` and `epoch` comes from the seed.
public struct StreamingEventGenerator: EventGenerator, Sendable {
    public static let longitudeRange: ClosedRange<Double> = -84.3 ... -75.5
    public static let latitudeRange: ClosedRange<Double> = 33.8...36.6
    /// `moreData0` … `moreData22`.
    public static let complexDataFieldCount = 23

    public let deviceCount: Int
    private var random: SeededRandom
    private var sequenceNumbers: [Int64]
    private static let complexDataKeys: [[UInt8]] = (0..<complexDataFieldCount).map { Array("\"moreData\($0)\":".utf8) }

    /// - Parameters:
    ///   - seed: equal seeds give equal events (for equal `createdAt` values).
    ///   - devices: how many devices send (at least 1, at most 1,000,000: ids have six digits).
    public init(seed: UInt64, devices: Int = 1000) {
        precondition((1...1_000_000).contains(devices), "devices must be between 1 and 1,000,000")
        self.deviceCount = devices
        self.random = SeededRandom(seed: seed)
        self.sequenceNumbers = Array(repeating: 0, count: devices)
    }

    /// `contoso-device-id-000154` for device 154.
    public static func deviceId(_ index: Int) -> String {
        let digits = String(index)
        return "contoso-device-id-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    public mutating func next(createdAt: EventTimestamp) -> GeneratedEvent {
        let eventId = uuidText(&self.random)
        let device = self.random.index(below: self.deviceCount)
        let deviceId = Self.deviceId(device)
        let sequenceNumber = self.sequenceNumbers[device]
        self.sequenceNumbers[device] += 1
        let isCO2 = self.random.next() & 1 == 0
        let value = isCO2 ? self.random.double(in: 350...1500) : self.random.double(in: -10...40)

        var writer = JSONWriter(reservingCapacity: 1280)
        writer.writeRaw(#"{"eventId":"#)
        writer.writeString(eventId)
        writer.writeRaw(#","deviceId":"#)
        writer.writeString(deviceId)
        writer.writeRaw(#","deviceSequenceNumber":"#)
        writer.writeInteger(sequenceNumber)
        writer.writeRaw(isCO2 ? #","type":"CO2","value":"# : #","type":"TEMP","value":"#)
        writer.writeDouble(value)
        writer.writeRaw(#","createdAt":""#)
        var stamp: [UInt8] = []
        stamp.reserveCapacity(27)
        createdAt.appendISO8601(to: &stamp)
        writer.writeRaw(stamp)
        writer.writeRaw(#"","complexData":{"#)
        for field in 0..<Self.complexDataFieldCount {
            if field > 0 { writer.writeByte(UInt8(ascii: ",")) }
            writer.writeRaw(Self.complexDataKeys[field])
            writer.writeDouble(self.random.double(in: 0...100))
        }
        writer.writeRaw(#"},"epoch":"#)
        writer.writeInteger(createdAt.epochSeconds)
        writer.writeRaw(#","location":{"type":"Point","coordinates":["#)
        writer.writeDouble(self.random.double(in: Self.longitudeRange))
        writer.writeByte(UInt8(ascii: ","))
        writer.writeDouble(self.random.double(in: Self.latitudeRange))
        writer.writeRaw(#"]},"sender":"#)
        writer.writeString(eventSenders[Int(self.random.next() & 1)])
        writer.writeByte(UInt8(ascii: "}"))
        return GeneratedEvent(body: writer.bytes, partitionKey: deviceId, id: eventId)
    }
}
