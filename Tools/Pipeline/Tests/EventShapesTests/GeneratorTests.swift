import EventShapes
import JSON
import Testing

@Suite("Event generators")
struct GeneratorTests {
    static let instant = EventTimestamp(iso8601: "2025-11-21T07:44:12.123456Z")!

    @Test("the same seed gives the same bytes, another seed other bytes")
    func determinism() {
        for shape in EventShape.allCases {
            var first = shape.makeGenerator(seed: 42, devices: 50)
            var second = shape.makeGenerator(seed: 42, devices: 50)
            var other = shape.makeGenerator(seed: 43, devices: 50)
            for offset in 0..<200 {
                let stamp = Self.instant.adding(microseconds: Int64(offset) * 997)
                let a = first.next(createdAt: stamp)
                #expect(a == second.next(createdAt: stamp))
                #expect(a != other.next(createdAt: stamp))
            }
        }
    }

    @Test("a streaming event has every field, about 1 KB, inside North Carolina")
    func streamingShape() throws {
        var generator = StreamingEventGenerator(seed: 7, devices: 1000)
        var sizes: [Int] = []
        for _ in 0..<500 {
            let event = generator.next(createdAt: Self.instant)
            sizes.append(event.body.count)
            let value = try JSONReader.parse(event.body)
            guard case .object(let object) = value else { Issue.record("not an object"); return }
            #expect(object.keys == ["eventId", "deviceId", "deviceSequenceNumber", "type", "value", "createdAt", "complexData",
                                    "epoch", "location", "sender"])
            let eventId = try #require(value["eventId"]?.stringValue)
            #expect(eventId == event.id)
            #expect(eventId.count == 36 && Array(eventId)[14] == "4")
            let deviceId = try #require(value["deviceId"]?.stringValue)
            #expect(deviceId == event.partitionKey)
            #expect(deviceId.hasPrefix("contoso-device-id-") && deviceId.count == 24)
            #expect(["CO2", "TEMP"].contains(value["type"]?.stringValue ?? ""))
            #expect(value["value"]?.doubleValue != nil)
            #expect(value["createdAt"]?.stringValue == "2025-11-21T07:44:12.123456Z")
            #expect(value["epoch"]?.integerValue == Self.instant.epochSeconds)
            guard case .object(let complex)? = value["complexData"] else { Issue.record("no complexData"); return }
            #expect(complex.keys == (0..<23).map { "moreData\($0)" })
            #expect(complex.allSatisfy { $0.value.doubleValue != nil })
            #expect(value["location"]?["type"]?.stringValue == "Point")
            let longitude = try #require(value["location"]?["coordinates"]?[0]?.doubleValue)
            let latitude = try #require(value["location"]?["coordinates"]?[1]?.doubleValue)
            #expect(StreamingEventGenerator.longitudeRange.contains(longitude))
            #expect(StreamingEventGenerator.latitudeRange.contains(latitude))
            #expect(eventSenders.contains(value["sender"]?.stringValue ?? ""))
        }
        let average = Double(sizes.reduce(0, +)) / Double(sizes.count)
        #expect(average > 900 && average < 1300, "average size \(average)")
    }

    @Test("sequence numbers count each device's events from 0 without gaps")
    func deviceSequences() throws {
        var generator = StreamingEventGenerator(seed: 3, devices: 10)
        var seen: [String: [Int64]] = [:]
        for _ in 0..<1000 {
            let value = try JSONReader.parse(generator.next(createdAt: Self.instant).body)
            seen[value["deviceId"]!.stringValue!, default: []].append(value["deviceSequenceNumber"]!.integerValue!)
        }
        #expect(seen.count == 10)
        for numbers in seen.values {
            #expect(numbers == Array(0..<Int64(numbers.count)))
        }
    }

    @Test("a geo event is near a North Carolina place and its seq counts per postal code")
    func geoShape() throws {
        var generator = GeoEventGenerator(seed: 11)
        var sequences: [String: Int64] = [:]
        for _ in 0..<500 {
            let event = generator.next(createdAt: Self.instant)
            let value = try JSONReader.parse(event.body)
            let postalCode = try #require(value["postal_cd"]?.stringValue)
            let place = try #require(NorthCarolinaPlace.all.first { $0.postalCode == postalCode })
            #expect(value["pk"]?.stringValue == postalCode && event.partitionKey == postalCode)
            #expect(value["city_name"]?.stringValue == place.city)
            #expect(value["state_abbrv"]?.stringValue == "NC")
            #expect(value["id"]?.stringValue == event.id)
            let latitude = try #require(value["latitude"]?.doubleValue)
            let longitude = try #require(value["longitude"]?.doubleValue)
            #expect(abs(latitude - place.latitude) <= GeoEventGenerator.jitterDegrees + 1e-6)
            #expect(abs(longitude - place.longitude) <= GeoEventGenerator.jitterDegrees + 1e-6)
            #expect(value["location"]?["coordinates"]?[0]?.doubleValue == longitude)
            #expect(value["location"]?["coordinates"]?[1]?.doubleValue == latitude)
            #expect(StreamingEventGenerator.longitudeRange.contains(longitude) && StreamingEventGenerator.latitudeRange.contains(latitude))
            #expect(value["timestamp"]?.stringValue == Self.instant.iso8601)
            #expect(value["epoch"]?.integerValue == Self.instant.epochSeconds)
            let seq = try #require(value["seq"]?.integerValue)
            #expect(seq == sequences[postalCode, default: 0])
            sequences[postalCode] = seq + 1
        }
    }

    @Test("the built-in places are inside North Carolina with five-digit NC postal codes")
    func places() {
        #expect(NorthCarolinaPlace.all.count >= 50)
        #expect(Set(NorthCarolinaPlace.all.map(\.postalCode)).count == NorthCarolinaPlace.all.count)
        for place in NorthCarolinaPlace.all {
            #expect(place.postalCode.count == 5 && (place.postalCode.hasPrefix("27") || place.postalCode.hasPrefix("28")))
            #expect(StreamingEventGenerator.latitudeRange.contains(place.latitude + GeoEventGenerator.jitterDegrees))
            #expect(StreamingEventGenerator.latitudeRange.contains(place.latitude - GeoEventGenerator.jitterDegrees))
            #expect(StreamingEventGenerator.longitudeRange.contains(place.longitude + GeoEventGenerator.jitterDegrees))
            #expect(StreamingEventGenerator.longitudeRange.contains(place.longitude - GeoEventGenerator.jitterDegrees))
        }
    }

    @Test("container definitions partition on the shape's key and map eventId to id for streaming events")
    func containerDefinitions() {
        let streaming = EventShape.streaming.containerDefinition(id: "rawdata")
        #expect(streaming["partitionKey"]?["paths"]?[0]?.stringValue == "/deviceId")
        #expect(streaming["cosmolite"]?["idSourcePath"]?.stringValue == "/eventId")
        #expect(streaming["indexingPolicy"]?["includedPaths"]?[0]?["path"]?.stringValue == "/epoch/?")
        #expect(streaming["indexingPolicy"]?["spatialIndexes"]?[0]?["path"]?.stringValue == "/location/*")
        let geo = EventShape.geo.containerDefinition(id: "places")
        #expect(geo["partitionKey"]?["paths"]?[0]?.stringValue == "/pk")
        #expect(geo["cosmolite"] == nil)
    }
}
