import BenchmarkSupport
import DocumentStore
import JSON
import QueryEngine

/// Cosmolite through its public in-process API, configured as the streaming workload would configure it: partitioned
/// on `/deviceId`, ids taken from `/eventId`, range index on `/epoch` and spatial index on `/location`.
final class CosmoliteEngine: BenchmarkEngine {
    let kind = EngineKind.cosmolite
    private let store: DocumentStore
    private let container: Container

    init(directory: String, durability: Durability) throws {
        let configuration = StoreConfiguration(durability: durability == .durable ? .durable : .relaxed)
        self.store = try DocumentStore(path: directory, configuration: configuration)
        try self.store.createDatabase(EventContainer.database)
        self.container = try self.store.createContainer(EventContainer.definition(), in: EventContainer.database)
    }

    func ingest(_ workload: EventWorkload, lines: Range<Int>, batchSize: Int, progress: inout ProgressReporter) throws -> IngestResult {
        // Cut the batches before the clock starts: the arrays share the lines' storage, nothing is copied.
        let batches = stride(from: lines.lowerBound, to: lines.upperBound, by: batchSize).map {
            Array(workload.lines[$0..<min($0 + batchSize, lines.upperBound)])
        }
        var reports: [IngestReport] = []
        reports.reserveCapacity(batches.count)
        var done = 0
        let start = MonotonicClock.nanoseconds()
        for batch in batches {
            reports.append(try self.container.ingest(batch))
            done += batch.count
            progress.update(done: done, total: lines.count)
        }
        let seconds = MonotonicClock.seconds(since: start)
        var result = IngestResult(lines: lines.count, seconds: seconds, created: 0, replaced: 0, duplicates: 0, rejected: 0)
        for report in reports {
            result.created += report.created
            result.replaced += report.replaced
            result.duplicates += report.duplicates
            result.rejected += report.rejected
        }
        return result
    }

    func supports(_ kind: QueryKind) -> Bool {
        true
    }

    func measure(_ kind: QueryKind, arguments: [QueryArguments]) throws -> [QueryRun] {
        guard let text = kind.cosmosSQL else {
            return try self.timeEach(arguments) { argument in
                let document = try self.container.read(id: argument.eventId, partitionKey: .string(argument.deviceId))
                return document.map { $0.body.isEmpty ? 0 : 1 } ?? 0
            }
        }
        if kind == .count {
            return try self.timeEach(arguments) { _ in
                let page = try self.container.query(text)
                guard page.rows.count == 1, case .integer(let count)? = try? JSONReader.parse(page.rows[0]) else { return -1 }
                return Int(count)
            }
        }
        return try self.timeEach(arguments) { argument in
            try self.rowCount(text, options: QueryOptions(parameters: Self.parameters(kind, argument)))
        }
    }

    func describePlan(_ kind: QueryKind, argument: QueryArguments) throws -> String? {
        guard let text = kind.cosmosSQL else { return nil }
        let page = try self.container.query(text, options: QueryOptions(parameters: Self.parameters(kind, argument)))
        return "\(page.plan) (examined \(page.metrics.documentsExamined) documents, matched \(page.metrics.rowsMatched))"
    }

    /// Runs every page of the query (normally one: no `maxItemCount`) and touches every row, so that the work is complete.
    private func rowCount(_ text: String, options: QueryOptions) throws -> Int {
        var options = options
        var rows = 0
        var bytes = 0
        repeat {
            let page = try self.container.query(text, options: options)
            rows += page.rows.count
            for row in page.rows { bytes &+= row.count }
            options.continuation = page.continuation
        } while options.continuation != nil
        return bytes > 0 || rows == 0 ? rows : -1
    }

    private static func parameters(_ kind: QueryKind, _ argument: QueryArguments) -> [String: JSONValue] {
        switch kind {
        case .pointRead, .count:
            [:]
        case .pointReadSQL:
            ["@id": .string(argument.eventId), "@pk": .string(argument.deviceId)]
        case .epochRange:
            ["@a": .integer(argument.epochStart), "@b": .integer(argument.epochStart + QueryKind.epochRangeSeconds)]
        case .epochRangeSender:
            [
                "@a": .integer(argument.epochStart),
                "@b": .integer(argument.epochStart + QueryKind.epochRangeSenderSeconds),
                "@s": .string(argument.sender),
            ]
        case .geoDistance:
            ["@p": GeoPoint(longitude: argument.longitude, latitude: argument.latitude).geoJSON]
        case .fullScan:
            ["@n": .integer(argument.deviceSequenceNumber)]
        }
    }

    func close() throws {
        self.store.close()
    }
}
