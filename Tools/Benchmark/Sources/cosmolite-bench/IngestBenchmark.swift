import BenchmarkSupport

/// Ingests the workload into every engine, for each durability and batch size, each run in a fresh directory.
///
/// Engines run one after another within each configuration, so that slow drift of a shared machine spreads over all
/// of them. The durable batch-1000 databases stay open for the query phase; every other one is deleted at once.
struct IngestBenchmark {
    /// Batch 1 on a durable engine pays a sync per commit (a few thousand commits per second at best), so it runs on
    /// a prefix of the workload only.
    static let batch1LineLimit = 20_000
    static let batchSizes = [1, 100, 1_000]

    let workload: EventWorkload
    let engines: [EngineKind]
    /// Appended to row titles (for example `, N = 1,000,000`).
    let label: String

    var batch1Lines: Int {
        min(Self.batch1LineLimit, self.workload.lineCount)
    }

    /// Every configuration; answers the table rows and the open durable batch-1000 engines.
    func runMatrix(
        skippingBatch1: Bool,
        progress: inout ProgressReporter,
        warnings: inout [String]
    ) throws -> (rows: [ResultRow], databases: [OpenEngine]) {
        var rows: [ResultRow] = []
        var databases: [OpenEngine] = []
        do {
            for durability in Durability.allCases {
                for batchSize in Self.batchSizes where !(skippingBatch1 && batchSize == 1) {
                    let lines = batchSize == 1 ? self.batch1Lines : self.workload.lineCount
                    let keeps = durability == .durable && batchSize == 1_000
                    var rates: [EngineKind: ResultRow.Value] = [:]
                    for kind in self.engines {
                        let (result, engine) = try self.ingest(
                            kind, durability: durability, batchSize: batchSize, lines: lines, keepsDatabase: keeps,
                            progress: &progress, warnings: &warnings
                        )
                        rates[kind] = ResultRow.Value(value: result.eventsPerSecond)
                        if let engine { databases.append(engine) }
                    }
                    rows.append(ResultRow(
                        title: Self.title(durability: durability, batchSize: batchSize, lines: lines, total: self.workload.lineCount)
                            + self.label,
                        measure: .throughput,
                        unit: "events/s",
                        values: rates,
                        target: Self.target(durability: durability, batchSize: batchSize)
                    ))
                }
            }
        } catch {
            databases.forEach { $0.dispose() }
            throw error
        }
        return (rows, databases)
    }

    /// Only the durable batch-1000 databases (for `--queries-only` and the large run), with their rows.
    func loadDatabases(progress: inout ProgressReporter, warnings: inout [String]) throws -> (row: ResultRow, databases: [OpenEngine]) {
        var databases: [OpenEngine] = []
        var rates: [EngineKind: ResultRow.Value] = [:]
        do {
            for kind in self.engines {
                let (result, engine) = try self.ingest(
                    kind, durability: .durable, batchSize: 1_000, lines: self.workload.lineCount, keepsDatabase: true,
                    progress: &progress, warnings: &warnings
                )
                rates[kind] = ResultRow.Value(value: result.eventsPerSecond)
                if let engine { databases.append(engine) }
            }
        } catch {
            databases.forEach { $0.dispose() }
            throw error
        }
        let row = ResultRow(
            title: Self.title(durability: .durable, batchSize: 1_000, lines: self.workload.lineCount, total: self.workload.lineCount)
                + self.label,
            measure: .throughput,
            unit: "events/s",
            values: rates,
            target: .durableIngest
        )
        return (row, databases)
    }

    /// One ingest of the first `lines` lines into a fresh instance; checks the engine's own tally of what it did.
    private func ingest(
        _ kind: EngineKind,
        durability: Durability,
        batchSize: Int,
        lines: Int,
        keepsDatabase: Bool,
        progress: inout ProgressReporter,
        warnings: inout [String]
    ) throws -> (IngestResult, OpenEngine?) {
        let engine = try OpenEngine.open(kind, durability: durability)
        let result: IngestResult
        do {
            progress.begin("ingest \(kind.rawValue) \(durability.rawValue) batch \(batchSize)\(self.label)")
            result = try engine.engine.ingest(self.workload, lines: 0..<lines, batchSize: batchSize, progress: &progress)
            progress.finish("\(Format.rate(result.eventsPerSecond)) events/s, \(result.created) created, \(result.duplicates) duplicates")
        } catch {
            engine.dispose()
            throw error
        }
        let distinct = self.workload.distinctCount(inFirst: lines)
        if result.created + result.replaced != distinct || result.duplicates != lines - distinct || result.rejected != 0 {
            let warning = "WARNING: \(kind.displayName) \(durability.rawValue) batch \(batchSize)\(self.label): reported "
                + "\(result.created) created + \(result.replaced) replaced + \(result.duplicates) duplicates + \(result.rejected) rejected; "
                + "expected \(distinct) new events and \(lines - distinct) duplicates in \(lines) lines"
            warnings.append(warning)
            ProgressReporter.log(warning)
        }
        if keepsDatabase {
            return (result, engine)
        }
        engine.dispose()
        return (result, nil)
    }

    private static func title(durability: Durability, batchSize: Int, lines: Int, total: Int) -> String {
        let mode = durability == .durable ? "durable" : "relaxed (no sync)"
        let prefix = lines < total ? " (first \(Format.integer(lines)) lines)" : ""
        return "Ingest \(mode), batch \(Format.integer(batchSize))\(prefix)"
    }

    private static func target(durability: Durability, batchSize: Int) -> PerformanceTarget? {
        switch durability {
        case .durable: batchSize == 1_000 ? .durableIngest : nil
        case .relaxed: .noSyncIngest
        }
    }
}
