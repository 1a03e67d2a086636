import BenchmarkSupport
import DocumentStore
import Foundation
import GRDB

/// The SQLite peer through GRDB: WAL, one transaction per batch, and SQLite's own JSON functions extracting the id,
/// partition key, epoch and location from each line, as an application storing JSON in SQLite would.
///
/// Writes are idempotent upserts on `eventId` that keep the rowid stable and skip unchanged bodies; the R*Tree row
/// shares the event's rowid.
final class SQLiteEngine: BenchmarkEngine {
    let kind = EngineKind.sqlite
    private let queue: DatabaseQueue

    private static let schema = """
        CREATE TABLE events(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, pk TEXT NOT NULL, epoch INTEGER, body TEXT NOT NULL);
        CREATE INDEX events_epoch ON events(epoch);
        CREATE VIRTUAL TABLE events_location USING rtree(id, minLongitude, maxLongitude, minLatitude, maxLatitude);
        """

    /// Inserts or updates one event; returns the rowid and coordinates only when the row was written.
    private static let upsert = """
        INSERT INTO events(id, pk, epoch, body)
        VALUES (json_extract(?1, '$.eventId'), json_extract(?1, '$.deviceId'), json_extract(?1, '$.epoch'), ?1)
        ON CONFLICT(id) DO UPDATE SET pk = excluded.pk, epoch = excluded.epoch, body = excluded.body
            WHERE events.body <> excluded.body
        RETURNING rowid, json_extract(body, '$.location.coordinates[0]'), json_extract(body, '$.location.coordinates[1]')
        """

    private static let locate = """
        INSERT OR REPLACE INTO events_location(id, minLongitude, maxLongitude, minLatitude, maxLatitude)
        VALUES (?1, ?2, ?2, ?3, ?3)
        """

    init(directory: String, durability: Durability) throws {
        var configuration = Configuration()
        configuration.journalMode = .wal
        let synchronous = durability == .durable ? "FULL" : "NORMAL"
        configuration.prepareDatabase { database in
            try database.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        self.queue = try DatabaseQueue(path: directory + "/events.sqlite", configuration: configuration)
        try self.queue.inDatabase { database in
            try database.execute(sql: Self.schema)
        }
    }

    func ingest(_ workload: EventWorkload, lines: Range<Int>, batchSize: Int, progress: inout ProgressReporter) throws -> IngestResult {
        precondition(workload.texts.count == workload.lines.count, "the workload was generated without texts for SQLite")
        return try self.queue.inDatabase { database in
            let upsert = try database.makeStatement(sql: Self.upsert)
            let locate = try database.makeStatement(sql: Self.locate)
            var result = IngestResult(lines: lines.count, seconds: 0, created: 0, replaced: 0, duplicates: 0, rejected: 0)
            let start = MonotonicClock.nanoseconds()
            for batchStart in stride(from: lines.lowerBound, to: lines.upperBound, by: batchSize) {
                let batch = batchStart..<min(batchStart + batchSize, lines.upperBound)
                try database.inTransaction {
                    for index in batch {
                        if let written = try Row.fetchOne(upsert, arguments: [workload.texts[index]]) {
                            let rowid: Int64 = written[0]
                            let longitude: Double = written[1]
                            let latitude: Double = written[2]
                            try locate.execute(arguments: [rowid, longitude, latitude])
                            result.created += 1
                        } else {
                            result.duplicates += 1
                        }
                    }
                    return .commit
                }
                progress.update(done: batch.upperBound - lines.lowerBound, total: lines.count)
            }
            result.seconds = MonotonicClock.seconds(since: start)
            return result
        }
    }

    func supports(_ kind: QueryKind) -> Bool {
        true
    }

    /// The SQL for each query kind; statements are prepared once per measurement and reused.
    private static func sql(_ kind: QueryKind) -> String {
        switch kind {
        case .pointRead, .pointReadSQL:
            "SELECT pk, body FROM events WHERE id = ?"
        case .epochRange:
            "SELECT body FROM events WHERE epoch >= ? AND epoch < ?"
        case .epochRangeSender:
            "SELECT body FROM events WHERE epoch >= ? AND epoch < ? AND json_extract(body, '$.sender') = ?"
        case .geoDistance:
            """
            SELECT e.body, json_extract(e.body, '$.location.coordinates[0]'), json_extract(e.body, '$.location.coordinates[1]')
            FROM events_location AS g JOIN events AS e ON e.rowid = g.id
            WHERE g.maxLongitude >= ? AND g.minLongitude <= ? AND g.maxLatitude >= ? AND g.minLatitude <= ?
            """
        case .count:
            "SELECT COUNT(*) FROM events"
        case .fullScan:
            "SELECT id FROM events WHERE json_extract(body, '$.deviceSequenceNumber') = ?"
        }
    }

    func measure(_ kind: QueryKind, arguments: [QueryArguments]) throws -> [QueryRun] {
        try self.queue.inDatabase { database in
            let statement = try database.makeStatement(sql: Self.sql(kind))
            switch kind {
            case .pointRead, .pointReadSQL:
                return try self.timeEach(arguments) { argument in
                    let expectedKey = Array(argument.deviceId.utf8)
                    var rows = 0
                    let cursor = try Row.fetchCursor(statement, arguments: [argument.eventId])
                    while let row = try cursor.next() {
                        let keyMatches = try row.withUnsafeData(atIndex: 0) { $0?.elementsEqual(expectedKey) ?? false }
                        if keyMatches, try Self.copyBody(row, column: 0) != nil { rows += 1 }
                    }
                    return rows
                }
            case .epochRange, .epochRangeSender:
                let seconds = kind == .epochRange ? QueryKind.epochRangeSeconds : QueryKind.epochRangeSenderSeconds
                return try self.timeEach(arguments) { argument in
                    var values: [any DatabaseValueConvertible] = [argument.epochStart, argument.epochStart + seconds]
                    if kind == .epochRangeSender { values.append(argument.sender) }
                    return try Self.collectBodies(statement, arguments: StatementArguments(values))
                }
            case .geoDistance:
                return try self.timeEach(arguments) { argument in try Self.geoQuery(statement, argument) }
            case .count:
                return try self.timeEach(arguments) { _ in try Int.fetchOne(statement) ?? -1 }
            case .fullScan:
                return try self.timeEach(arguments) { argument in
                    try Self.collectBodies(statement, arguments: [argument.deviceSequenceNumber])
                }
            }
        }
    }

    /// Copies column `column` of every row out of SQLite, as a caller that returns the rows must; answers the rows.
    private static func collectBodies(_ statement: Statement, arguments: StatementArguments) throws -> Int {
        var rows = 0
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() {
            if try self.copyBody(row, column: 0) != nil { rows += 1 }
        }
        return rows
    }

    private static func copyBody(_ row: Row, column: Int) throws -> [UInt8]? {
        try row.withUnsafeData(atIndex: column) { data in data.map { [UInt8]($0) } }
    }

    /// R*Tree candidates in the circle's bounding box, then the exact geodesic distance (the same WGS-84 formula
    /// Cosmolite uses, so both answer the same rows).
    private static func geoQuery(_ statement: Statement, _ argument: QueryArguments) throws -> Int {
        let center = GeoPoint(longitude: argument.longitude, latitude: argument.latitude)
        let box = BoundingBox(around: center, radiusMetres: QueryKind.geoRadiusMetres)
        var rows = 0
        let cursor = try Row.fetchCursor(
            statement,
            arguments: [box.minimumLongitude, box.maximumLongitude, box.minimumLatitude, box.maximumLatitude]
        )
        while let row = try cursor.next() {
            let point = GeoPoint(longitude: row[1], latitude: row[2])
            if Geodesy.distance(center, point) < QueryKind.geoRadiusMetres, try self.copyBody(row, column: 0) != nil {
                rows += 1
            }
        }
        return rows
    }

    func close() throws {
        try self.queue.close()
    }
}
