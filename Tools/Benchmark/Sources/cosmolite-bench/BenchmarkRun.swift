import BenchmarkSupport
import Foundation

/// One benchmark run: generate the workload, ingest it everywhere, time the JSON parsers and the queries, and
/// collect everything into a report. Optionally the same again, indexed queries only, on a large workload.
struct BenchmarkRun {
    static let parsedLines = 1_000
    static let parseRounds = 100

    let events: Int
    let seed: UInt64
    let skipsIngestBatch1: Bool
    let engines: [EngineKind]
    let queriesOnly: Bool
    let largeEvents: Int?
    /// The query kinds to measure, in the table's order.
    let queryKinds: [QueryKind]
    /// Measured runs per query kind, when not each kind's default.
    let queryRuns: Int?

    func execute() throws -> BenchmarkReport {
        let start = MonotonicClock.nanoseconds()
        var progress = ProgressReporter()
        var report = BenchmarkReport(
            commandLine: CommandLineText.current,
            date: ISO8601DateFormatter().string(from: Date()),
            processorCount: ProcessInfo.processInfo.processorCount,
            activeProcessorCount: ProcessInfo.processInfo.activeProcessorCount,
            events: self.events,
            distinctEvents: self.events - self.events / 1_000,
            seed: self.seed,
            batch1Lines: min(IngestBenchmark.batch1LineLimit, self.events),
            largeEvents: self.largeEvents,
            engines: self.engines
        )
        try self.runStandard(into: &report, progress: &progress)
        if let largeEvents {
            try self.runLarge(largeEvents, into: &report, progress: &progress)
        }
        report.wallSeconds = MonotonicClock.seconds(since: start)
        return report
    }

    /// The N-event run: the whole ingest matrix, the JSON parse, every query.
    private func runStandard(into report: inout BenchmarkReport, progress: inout ProgressReporter) throws {
        let workload = self.generate(self.events, progress: &progress)
        let ingest = IngestBenchmark(workload: workload, engines: self.engines, label: "")
        let databases: [OpenEngine]
        if self.queriesOnly {
            databases = try ingest.loadDatabases(progress: &progress, warnings: &report.warnings).databases
        } else {
            let matrix = try ingest.runMatrix(skippingBatch1: self.skipsIngestBatch1, progress: &progress, warnings: &report.warnings)
            report.rows += matrix.rows
            databases = matrix.databases
        }
        defer { databases.forEach { $0.dispose() } }
        if !self.queriesOnly {
            report.rows.append(try self.parseRow(workload, progress: &progress))
        }
        let queries = QueryBenchmark(workload: workload, databases: databases, kinds: self.queryKinds, seed: self.seed,
                                   runs: self.queryRuns, label: "")
        let measured = try queries.run(progress: &progress, warnings: &report.warnings)
        report.rows += measured.rows
        report.cosmolitePlans += measured.plans
    }

    /// The large run: durable batch-1000 ingest and the indexed queries only.
    private func runLarge(_ count: Int, into report: inout BenchmarkReport, progress: inout ProgressReporter) throws {
        let workload = self.generate(count, progress: &progress)
        let label = ", N = \(Format.integer(count))"
        let ingest = IngestBenchmark(workload: workload, engines: self.engines, label: label)
        let loaded = try ingest.loadDatabases(progress: &progress, warnings: &report.warnings)
        defer { loaded.databases.forEach { $0.dispose() } }
        report.rows.append(loaded.row)
        let queries = QueryBenchmark(
            workload: workload, databases: loaded.databases, kinds: self.queryKinds.filter(\.isIndexed), seed: self.seed, runs: self.queryRuns,
            label: label
        )
        let measured = try queries.run(progress: &progress, warnings: &report.warnings)
        report.rows += measured.rows
        report.cosmolitePlans += measured.plans
    }

    private func generate(_ count: Int, progress: inout ProgressReporter) -> EventWorkload {
        progress.begin("generate \(Format.integer(count)) events, seed \(self.seed)")
        let workload = EventGenerator(lineCount: count, seed: self.seed, includesTexts: self.engines.contains(.sqlite)).generate()
        let bytes = workload.lines.reduce(0) { $0 + $1.count }
        progress.finish("\(Format.integer(workload.distinctCount)) distinct events, \(bytes / workload.lineCount) bytes per line on average")
        return workload
    }

    private func parseRow(_ workload: EventWorkload, progress: inout ProgressReporter) throws -> ResultRow {
        progress.begin("JSON parse, JSONReader vs JSONSerialization")
        let benchmark = JSONParseBenchmark(lines: Array(workload.lines.prefix(Self.parsedLines)), rounds: Self.parseRounds)
        let result = try benchmark.run(progress: &progress)
        progress.finish("JSONReader p50 \(Int(result.reader.medianNanoseconds)) ns, JSONSerialization p50 \(Int(result.foundation.medianNanoseconds)) ns")
        return ResultRow.latency(
            "JSON parse of one event (Cosmolite `JSONReader.parse` vs Foundation `JSONSerialization`)",
            unit: .nanoseconds,
            summaries: [.cosmolite: (result.reader, nil), .sqlite: (result.foundation, nil)]
        )
    }
}
