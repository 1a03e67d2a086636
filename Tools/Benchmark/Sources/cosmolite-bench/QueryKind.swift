import ArgumentParser
import BenchmarkSupport

/// The queries of performance.md, plus the SQL form of the point read and a non-indexed full scan.
enum QueryKind: String, CaseIterable, Codable, Sendable, ExpressibleByArgument {
    case pointRead
    case pointReadSQL
    case epochRange
    case epochRangeSender
    case geoDistance
    case count
    case fullScan

    /// Seconds of `epoch` the range queries cover: 10 events arrive per second, so about 100 rows (half of them
    /// match the sender in the 20-second window).
    static let epochRangeSeconds: Int64 = 10
    static let epochRangeSenderSeconds: Int64 = 20
    static let geoRadiusMetres = 5_000.0

    var title: String {
        switch self {
        case .pointRead: "Point read by id + pk, read(id:partitionKey:)"
        case .pointReadSQL: "Point read, SQL `c.id = @id AND c.deviceId = @pk`"
        case .epochRange: "Epoch range, 10 s (~100 rows, bodies)"
        case .epochRangeSender: "Epoch range 20 s + sender (~100 rows)"
        case .geoDistance: "Geo ST_DISTANCE < 5 km"
        case .count: "Count, `SELECT VALUE COUNT(1)`"
        case .fullScan: "Full scan, non-indexed `c.deviceSequenceNumber = @n`"
        }
    }

    /// The Cosmos SQL text Cosmolite runs (`nil`: the point read goes through the read API).
    var cosmosSQL: String? {
        switch self {
        case .pointRead: nil
        case .pointReadSQL: "SELECT * FROM c WHERE c.id = @id AND c.deviceId = @pk"
        case .epochRange: "SELECT * FROM c WHERE c.epoch >= @a AND c.epoch < @b"
        case .epochRangeSender: "SELECT * FROM c WHERE c.epoch >= @a AND c.epoch < @b AND c.sender = @s"
        case .geoDistance: "SELECT * FROM c WHERE ST_DISTANCE(c.location, @p) < 5000"
        case .count: "SELECT VALUE COUNT(1) FROM c"
        case .fullScan: "SELECT VALUE c.id FROM c WHERE c.deviceSequenceNumber = @n"
        }
    }

    /// Whether an index (or a counter) serves the query; only these run on the large database.
    var isIndexed: Bool {
        self != .fullScan
    }

    /// Measured runs: a full scan reads every document, so it gets few.
    var measuredRuns: Int {
        self == .fullScan ? 20 : 2_000
    }

    /// Unmeasured runs first, to warm caches and page tables.
    var warmUpRuns: Int {
        self == .fullScan ? 2 : 200
    }

    var unit: LatencyUnit {
        self == .fullScan ? .milliseconds : .microseconds
    }
}

/// Every parameter one run of any query kind may need, drawn together from the seeded generator.
struct QueryArguments: Sendable {
    let eventId: String
    let deviceId: String
    let epochStart: Int64
    let sender: String
    let longitude: Double
    let latitude: Double
    let deviceSequenceNumber: Int64

    /// `count` argument sets for `workload`; the same seed always gives the same list.
    static func draw(_ count: Int, for workload: EventWorkload, seed: UInt64) -> [QueryArguments] {
        var random = SeededRandom(seed: seed)
        let lastStart = max(workload.firstEpoch, workload.lastEpoch - QueryKind.epochRangeSenderSeconds)
        return (0..<count).map { _ in
            let event = workload.events[random.nextIndex(below: workload.distinctCount)]
            return QueryArguments(
                eventId: event.eventId,
                deviceId: event.deviceId,
                epochStart: workload.firstEpoch + Int64(random.nextIndex(below: Int(lastStart - workload.firstEpoch) + 1)),
                sender: EventGenerator.senders[random.nextBool() ? 1 : 0],
                longitude: random.nextDouble(in: EventGenerator.longitudes),
                latitude: random.nextDouble(in: EventGenerator.latitudes),
                deviceSequenceNumber: Int64(random.nextIndex(below: max(1, workload.fewestEventsPerDevice)))
            )
        }
    }
}
