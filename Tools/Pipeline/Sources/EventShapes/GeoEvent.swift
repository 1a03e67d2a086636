import JSON

/// Makes events for the North Carolina postal-code demo: a reading somewhere near one of ``NorthCarolinaPlace/all``.
///
/// ```json
/// {"id":"0c1e…","pk":"27601","seq":4,"postal_cd":"27601","city_name":"Raleigh","state_abbrv":"NC",
///  "latitude":35.78…,"longitude":-78.62…,"location":{"type":"Point","coordinates":[-78.62…,35.78…]},
///  "timestamp":"2025-11-21T07:44:12.123456Z","epoch":1763711052,"sender":"sender-west"}
/// ```
///
/// `pk` (the partition key) is the postal code; `seq` counts that postal code's events from 0 (the per-partition
/// sequence the verifier checks for gaps); the point lies within about 3 km of the place's centre, so always inside
/// North Carolina's bounding box. Everything except `timestamp` and `epoch` comes from the seed.
public struct GeoEventGenerator: EventGenerator, Sendable {
    /// The largest offset from a place's centre, in degrees (about 3 km).
    public static let jitterDegrees = 0.03

    private var random: SeededRandom
    private var sequenceNumbers: [Int64]
    private let places: [NorthCarolinaPlace]

    public init(seed: UInt64, places: [NorthCarolinaPlace] = NorthCarolinaPlace.all) {
        precondition(!places.isEmpty, "at least one place is needed")
        self.random = SeededRandom(seed: seed)
        self.places = places
        self.sequenceNumbers = Array(repeating: 0, count: places.count)
    }

    public mutating func next(createdAt: EventTimestamp) -> GeneratedEvent {
        let id = uuidText(&self.random)
        let index = self.random.index(below: self.places.count)
        let place = self.places[index]
        let sequenceNumber = self.sequenceNumbers[index]
        self.sequenceNumbers[index] += 1
        let latitude = Self.rounded(place.latitude + self.random.double(in: -Self.jitterDegrees...Self.jitterDegrees))
        let longitude = Self.rounded(place.longitude + self.random.double(in: -Self.jitterDegrees...Self.jitterDegrees))

        var writer = JSONWriter(reservingCapacity: 384)
        writer.writeRaw(#"{"id":"#)
        writer.writeString(id)
        writer.writeRaw(#","pk":"#)
        writer.writeString(place.postalCode)
        writer.writeRaw(#","seq":"#)
        writer.writeInteger(sequenceNumber)
        writer.writeRaw(#","postal_cd":"#)
        writer.writeString(place.postalCode)
        writer.writeRaw(#","city_name":"#)
        writer.writeString(place.city)
        writer.writeRaw(#","state_abbrv":"NC","latitude":"#)
        writer.writeDouble(latitude)
        writer.writeRaw(#","longitude":"#)
        writer.writeDouble(longitude)
        writer.writeRaw(#","location":{"type":"Point","coordinates":["#)
        writer.writeDouble(longitude)
        writer.writeByte(UInt8(ascii: ","))
        writer.writeDouble(latitude)
        writer.writeRaw(#"]},"timestamp":""#)
        var stamp: [UInt8] = []
        stamp.reserveCapacity(27)
        createdAt.appendISO8601(to: &stamp)
        writer.writeRaw(stamp)
        writer.writeRaw(#"","epoch":"#)
        writer.writeInteger(createdAt.epochSeconds)
        writer.writeRaw(#","sender":"#)
        writer.writeString(eventSenders[Int(self.random.next() & 1)])
        writer.writeByte(UInt8(ascii: "}"))
        return GeneratedEvent(body: writer.bytes, partitionKey: place.postalCode, id: id)
    }

    /// Six decimal places (about 0.1 m), as GPS feeds usually report.
    private static func rounded(_ degrees: Double) -> Double {
        (degrees * 1_000_000).rounded() / 1_000_000
    }
}
