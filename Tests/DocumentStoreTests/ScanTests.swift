import DocumentStore
import JSON
import StoreTestSupport
import Testing

/// Index scans, partition scans, counts and the change feed.
@Suite struct ScanTests {
    static func eventContainer(_ store: DocumentStore, ranges: Int = 1) throws -> Container {
        var definition = ContainerDefinition(id: "events", partitionKeyPath: "/deviceId")
        definition.indexingPolicy = .only(rangePaths: ["/epoch", "/sender"], spatialPaths: ["/location/*"])
        definition.partitionKeyRangeCount = ranges
        return try makeContainer(in: store, definition)
    }

    static func event(_ number: Int) -> [UInt8] {
        let longitude = -84.0 + Double(number % 100) * 0.08
        let latitude = 34.0 + Double(number / 100 % 30) * 0.08
        return Array(
            #"{"id":"e\#(number)","deviceId":"d\#(number % 10)","epoch":\#(1_000 + number),"sender":"\#(number % 2 == 0 ? "a" : "b")","location":{"type":"Point","coordinates":[\#(longitude),\#(latitude)]}}"#
                .utf8
        )
    }

    @Test func rangeScansHonourBoundsDirectionAndResumption() throws {
        try withTemporaryStore { store in
            let container = try Self.eventContainer(store)
            _ = try container.ingest((0..<500).map(Self.event))
            func epochs(lower: JSONValue?, lowerInclusive: Bool = true, upper: JSONValue?, upperInclusive: Bool = true,
                        descending: Bool = false, after: [UInt8]? = nil, limit: Int = .max) throws -> ([Int64], [UInt8]?) {
                try store.read { snapshot in
                    var values: [Int64] = []
                    var last: [UInt8]?
                    try snapshot.scanRangeIndex(
                        in: container.properties, path: ["epoch"],
                        lower: lower.flatMap { IndexBound($0, inclusive: lowerInclusive) },
                        upper: upper.flatMap { IndexBound($0, inclusive: upperInclusive) },
                        descending: descending, after: after
                    ) { entry in
                        values.append(IndexValueEncoding.decode(entry.encodedValue)?.integerValue ?? -1)
                        last = entry.position
                        return values.count < limit
                    }
                    return (values, last)
                }
            }
            #expect(try epochs(lower: 1_100, upper: 1_104).0 == [1100, 1101, 1102, 1103, 1104])
            #expect(try epochs(lower: 1_100, lowerInclusive: false, upper: 1_104, upperInclusive: false).0 == [1101, 1102, 1103])
            #expect(try epochs(lower: 1_100, upper: 1_104, descending: true).0 == [1104, 1103, 1102, 1101, 1100])
            #expect(try epochs(lower: 1_497, upper: nil).0 == [1497, 1498, 1499])
            #expect(try epochs(lower: nil, upper: 1_001).0 == [1000, 1001])
            let (firstPage, position) = try epochs(lower: 1_200, upper: 1_299, limit: 10)
            #expect(firstPage == Array(1200...1209))
            #expect(try epochs(lower: 1_200, upper: 1_299, after: position, limit: 3).0 == [1210, 1211, 1212])
            let (descendingPage, descendingPosition) = try epochs(lower: 1_200, upper: 1_299, descending: true, limit: 2)
            #expect(descendingPage == [1299, 1298])
            #expect(try epochs(lower: 1_200, upper: 1_299, descending: true, after: descendingPosition, limit: 2).0 == [1297, 1296])
            // Strings sort after numbers and are not met by a numeric range.
            #expect(try epochs(lower: 1_498, upper: .string("zzz")).0 == [1498, 1499])
        }
    }

    /// Documents met through an index: looked up ahead of the visit, stepping to the next stored document when the
    /// sequence numbers follow each other and searching otherwise; deleted documents (gaps) and documents whose index
    /// order is not their creation order (replaced values, descending scans) must all come out right.
    @Test func indexScansReadTheRightDocumentsAcrossGapsAndOrder() throws {
        try withTemporaryStore { store in
            let container = try Self.eventContainer(store)
            _ = try container.ingest((0..<300).map(Self.event))
            for number in stride(from: 0, to: 300, by: 7) {
                try container.delete(id: "e\(number)", partitionKey: .string("d\(number % 10)"))
            }
            // Move a few documents to the far end of the epoch order.
            for number in [10, 11, 150] {
                try container.upsert(#"{"id":"e\#(number)","deviceId":"d\#(number % 10)","epoch":\#(5_000 + number)}"#)
            }
            let deleted = Set(stride(from: 0, to: 300, by: 7))
            let expected = (0..<300).filter { !deleted.contains($0) && ![10, 11, 150].contains($0) }.map { "e\($0)" } + ["e10", "e11", "e150"]
            func ids(descending: Bool, limit: Int = .max) throws -> [String] {
                try store.read { snapshot in
                    var ids: [String] = []
                    try snapshot.scanRangeIndexDocuments(in: container.properties, path: ["epoch"], descending: descending) { entry, document in
                        let body = try JSONReader.parse(document.copy().body)
                        // The document is the one the entry names, with the indexed value.
                        #expect(document.sequenceNumber == entry.sequenceNumber)
                        #expect(IndexValueEncoding.decode(entry.encodedValue) == body["epoch"])
                        ids.append(body["id"]?.stringValue ?? "?")
                        return ids.count < limit
                    }
                    return ids
                }
            }
            #expect(try ids(descending: false) == expected)
            #expect(try ids(descending: true) == expected.reversed())
            #expect(try ids(descending: false, limit: 5) == Array(expected.prefix(5)))
        }
    }

    @Test func replacingADocumentMovesItsIndexEntries() throws {
        try withTemporaryStore { store in
            let container = try Self.eventContainer(store)
            try container.upsert(#"{"id":"x","deviceId":"d","epoch":5,"sender":"a"}"#)
            try container.upsert(#"{"id":"x","deviceId":"d","epoch":6,"sender":"a"}"#)
            let contents = try store.read { try $0.indexContents(of: container.properties) }
            #expect(Set(contents.range.map(\.value)) == [.integer(6), .string("a")])
            try container.delete(id: "x", partitionKey: .string("d"))
            #expect(try store.read { try $0.indexContents(of: container.properties) } == IndexContents())
        }
    }

    @Test func spatialScansFindPointsInTheBox() throws {
        try withTemporaryStore { store in
            let container = try Self.eventContainer(store)
            _ = try container.ingest((0..<3000).map(Self.event))
            let center = GeoPoint(longitude: -80.0, latitude: 35.0)
            let box = Geodesy.boundingBox(around: center, radius: 20_000)
            let found = try store.read { snapshot in
                var points: [GeoPoint] = []
                try snapshot.scanSpatialIndex(in: container.properties, path: ["location"], box: box) { entry in
                    if let point = entry.point { points.append(point) }
                    return true
                }
                return points
            }
            let expected = (0..<3000).map { number in
                GeoPoint(longitude: -84.0 + Double(number % 100) * 0.08, latitude: 34.0 + Double(number / 100 % 30) * 0.08)
            }.filter { box.contains($0) }
            #expect(!expected.isEmpty)
            #expect(found.count == expected.count)
            #expect(Set(found.map { "\($0.longitude),\($0.latitude)" }) == Set(expected.map { "\($0.longitude),\($0.latitude)" }))
        }
    }

    @Test func vincentyDistanceMatchesKnownGeodesics() {
        // Flinders Peak to Buninyong (Vincenty 1975): 54,972.271 m.
        let flinders = GeoPoint(longitude: 144 + 25 / 60 + 29.52440 / 3600, latitude: -(37 + 57 / 60 + 3.72030 / 3600))
        let buninyong = GeoPoint(longitude: 143 + 55 / 60 + 35.38390 / 3600, latitude: -(37 + 39 / 60 + 10.15610 / 3600))
        #expect(abs(Geodesy.distance(flinders, buninyong) - 54_972.271) < 0.01)
        // A quarter meridian of WGS-84 is 10,001,965.729 m.
        let pole = Geodesy.distance(GeoPoint(longitude: 0, latitude: 0), GeoPoint(longitude: 0, latitude: 90))
        #expect(abs(pole - 10_001_965.729) < 0.01)
        // Nearly antipodal points fall back to Lambert's formula; half the meridian circumference is 20,003,931 m.
        let antipodal = Geodesy.distance(GeoPoint(longitude: 0, latitude: 0), GeoPoint(longitude: 180, latitude: 0.5))
        #expect(antipodal > 19_900_000 && antipodal < 20_040_000)
    }

    @Test func partitionScansAndCountsFollowRanges() throws {
        try withTemporaryStore { store in
            let container = try Self.eventContainer(store, ranges: 4)
            _ = try container.ingest((0..<400).map(Self.event))
            let ranges = container.properties.partitionKeyRanges
            #expect(ranges.count == 4)
            let perRange = try store.read { snapshot in
                try ranges.map { range -> (Int64, Int) in
                    var scanned = 0
                    try snapshot.scanPartitions(in: container.properties, range: EffectivePartitionKeyRange(range)) { _, _ in
                        scanned += 1
                        return true
                    }
                    return (try snapshot.documentCount(in: container.properties, rangeIndex: range.index), scanned)
                }
            }
            #expect(perRange.map(\.0).reduce(0, +) == 400)
            for (counted, scanned) in perRange {
                #expect(counted == Int64(scanned))
            }
            let oneDevice = try store.read { snapshot in
                var ids: [String] = []
                try snapshot.scanPartitions(
                    in: container.properties,
                    range: EffectivePartitionKeyRange(partitionKey: .string("d3"), definition: container.properties.definition.partitionKey)
                ) { document, _ in
                    ids.append(document.id)
                    return true
                }
                return ids
            }
            #expect(oneDevice.count == 40)
            #expect(oneDevice.allSatisfy { Int($0.dropFirst())! % 10 == 3 })
        }
    }

    @Test func theChangeFeedListsLatestVersionsInModificationOrder() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            try container.create(#"{"id":"a","pk":"1"}"#)
            try container.create(#"{"id":"b","pk":"2"}"#)
            try container.create(#"{"id":"c","pk":"1"}"#)
            let middle = try store.read { try $0.nextLSN(in: container.properties) }
            try container.upsert(#"{"id":"a","pk":"1","v":2}"#)
            try container.delete(id: "b", partitionKey: .string("2"))
            func feed(after lsn: UInt64, range: EffectivePartitionKeyRange = .all) throws -> [String] {
                try store.read { snapshot in
                    var ids: [String] = []
                    try snapshot.scanChanges(in: container.properties, afterLSN: lsn, range: range) { ids.append($0.id); return true }
                    return ids
                }
            }
            #expect(try feed(after: 0) == ["c", "a"])
            #expect(try feed(after: middle - 1) == ["a"])
            let partitionOne = EffectivePartitionKeyRange(partitionKey: .string("1"), definition: container.properties.definition.partitionKey)
            #expect(try feed(after: 0, range: partitionOne) == ["c", "a"])
            let partitionTwo = EffectivePartitionKeyRange(partitionKey: .string("2"), definition: container.properties.definition.partitionKey)
            #expect(try feed(after: 0, range: partitionTwo) == [])
        }
    }

    @Test func theChangeFeedStartsAtAPointInTime() throws {
        let clock = ManualClock()
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20, clock: clock.read)
        try withTemporaryStore(configuration: configuration) { store in
            let container = try makeContainer(in: store)
            for number in 0..<20 {
                try container.create(#"{"id":"\#(number)","pk":"p"}"#)
                clock.advance(seconds: 1)
            }
            let start = clock.now - 5_000
            let ids = try store.read { snapshot in
                let lsn = try snapshot.lsn(before: start, in: container.properties)
                var ids: [String] = []
                try snapshot.scanChanges(in: container.properties, afterLSN: lsn) { ids.append($0.id); return true }
                return ids
            }
            #expect(ids == ["15", "16", "17", "18", "19"])
        }
    }

    @Test func countsComeFromCountersNotScans() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            _ = try container.ingest((0..<1000).map { Array(#"{"id":"\#($0)","pk":"\#($0 % 13)"}"#.utf8) })
            #expect(try container.count() == 1000)
            try container.delete(id: "5", partitionKey: .string("5"))
            #expect(try container.count() == 999)
        }
    }
}
