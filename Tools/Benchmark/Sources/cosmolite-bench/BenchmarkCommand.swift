import ArgumentParser
import BenchmarkSupport
import Foundation

/// `cosmolite-bench`: Cosmolite, SQLite and a bare LMDB floor measured side by side in one run, on the workload of
/// performance.md, printed as one table of medians and ratios.
@main
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosmolite-bench",
        abstract: "Measure Cosmolite side by side with SQLite and an LMDB floor (see docs/performance.md)."
    )

    @Option(help: "Events (NDJSON lines) to generate; 0.1 % of them re-deliver earlier events.")
    var events = 200_000

    @Option(help: "Seed of the event generator and of the query parameters.")
    var seed: UInt64 = 42

    @Flag(help: "Skip the batch-1 ingest rows (the durable ones take a while).")
    var skipIngestBatch1 = false

    @Option(help: "Comma-separated engines to run: cosmolite, sqlite, floor.")
    var engines = EngineSelection.all

    @Flag(help: "Load the durable batch-1000 databases untimed and run only the queries.")
    var queriesOnly = false

    @Option(help: "Also write the results as JSON to this file.")
    var json: String?

    @Option(help: "Also run the durable batch-1000 ingest and the indexed queries on this many events (e.g. 1000000).")
    var large: Int?

    @Option(name: .customLong("query"), help: ArgumentHelp(
        "Run only this query kind (repeatable): \(QueryKind.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "kind"))
    var queries: [QueryKind] = []

    @Option(help: "Measured runs of each query kind instead of its default (2,000; 20 for the full scan), e.g. for a profiler.")
    var queryRuns: Int?

    func validate() throws {
        guard self.events >= 1_000 else {
            throw ValidationError("--events must be at least 1000 (the queries need a few seconds of events)")
        }
        if let queryRuns, queryRuns < 100 {
            throw ValidationError("--query-runs must be at least 100 (a p99 needs samples)")
        }
        if let large, large < 1_000 {
            throw ValidationError("--large must be at least 1000")
        }
    }

    func run() throws {
        let run = BenchmarkRun(
            events: self.events,
            seed: self.seed,
            skipsIngestBatch1: self.skipIngestBatch1,
            engines: self.engines.kinds,
            queriesOnly: self.queriesOnly,
            largeEvents: self.large,
            queryKinds: self.queries.isEmpty ? QueryKind.allCases : QueryKind.allCases.filter(self.queries.contains),
            queryRuns: self.queryRuns
        )
        let report = try run.execute()
        print(report.markdown)
        if let json {
            try report.writeJSON(to: json)
            ProgressReporter.log("results written to \(json)")
        }
    }
}
