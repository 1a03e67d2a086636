import BenchmarkSupport

/// What every compared engine offers the benchmark: batched idempotent ingestion and the measured queries.
///
/// Engines time their own ingest loop, because each needs untimed preparation first (statements, batches).
protocol BenchmarkEngine: AnyObject {
    var kind: EngineKind { get }

    /// Ingests `lines` of the workload in batches of `batchSize`, one commit per batch.
    func ingest(_ workload: EventWorkload, lines: Range<Int>, batchSize: Int, progress: inout ProgressReporter) throws -> IngestResult

    /// Whether the engine has a meaningful form of `kind` (the floor has no secondary indexes and no query language).
    func supports(_ kind: QueryKind) -> Bool

    /// Runs `kind` once per argument set, timing each run on its own.
    func measure(_ kind: QueryKind, arguments: [QueryArguments]) throws -> [QueryRun]

    /// How the engine answers `kind` for `argument` (its query plan), for the report; `nil` when it has no planner.
    func describePlan(_ kind: QueryKind, argument: QueryArguments) throws -> String?

    /// Releases files and threads; the directory may be deleted afterwards.
    func close() throws
}

/// What one ingest run did and how long it took.
struct IngestResult: Sendable {
    var lines: Int
    var seconds: Double
    /// New documents (SQLite cannot tell a new row from a changed one; with this workload every write is new).
    var created: Int
    var replaced: Int
    /// Re-delivered events recognised as unchanged.
    var duplicates: Int
    var rejected: Int

    var eventsPerSecond: Double {
        Double(self.lines) / self.seconds
    }
}

/// One timed query run.
struct QueryRun: Sendable {
    var nanoseconds: UInt64
    /// Rows returned; for counts, the count itself, so that engines can be compared on the answer.
    var rows: Int
}

extension BenchmarkEngine {
    func describePlan(_ kind: QueryKind, argument: QueryArguments) throws -> String? {
        nil
    }

    /// Runs `body` once per argument set and times each call (the clock costs about 20 ns, far below any query).
    func timeEach(_ arguments: [QueryArguments], _ body: (QueryArguments) throws -> Int) rethrows -> [QueryRun] {
        var runs: [QueryRun] = []
        runs.reserveCapacity(arguments.count)
        for argument in arguments {
            let start = MonotonicClock.nanoseconds()
            let rows = try body(argument)
            runs.append(QueryRun(nanoseconds: MonotonicClock.nanoseconds() - start, rows: rows))
        }
        return runs
    }
}
