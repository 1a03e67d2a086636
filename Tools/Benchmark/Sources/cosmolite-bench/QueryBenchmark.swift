import BenchmarkSupport

/// Measures every query kind on the loaded databases, engine after engine with the same drawn parameters, and checks
/// that Cosmolite and SQLite return the same number of rows for the same parameters.
struct QueryBenchmark {
    let workload: EventWorkload
    let databases: [OpenEngine]
    let kinds: [QueryKind]
    let seed: UInt64
    /// Measured runs per kind; `nil` takes each kind's default.
    let runs: Int?
    /// Appended to row titles (for example `, N = 1,000,000`).
    let label: String

    /// The table rows, plus how Cosmolite planned each kind (for the first measured parameters).
    func run(progress: inout ProgressReporter, warnings: inout [String]) throws -> (rows: [ResultRow], plans: [String]) {
        var rows: [ResultRow] = []
        var plans: [String] = []
        for kind in self.kinds {
            // Each kind draws its own list from a seed of its own, so that the parameters of one kind never depend on
            // which other kinds run.
            let position = QueryKind.allCases.firstIndex(of: kind) ?? 0
            let arguments = QueryArguments.draw(
                kind.warmUpRuns + (self.runs ?? kind.measuredRuns),
                for: self.workload,
                seed: self.seed &+ 0x5EED &+ UInt64(position) &* 0x9E37_79B9
            )
            let warmUp = Array(arguments.prefix(kind.warmUpRuns))
            let measured = Array(arguments.dropFirst(kind.warmUpRuns))
            var runsByEngine: [EngineKind: [QueryRun]] = [:]
            for database in self.databases where database.engine.supports(kind) {
                progress.begin("query \(kind.rawValue) \(database.kind.rawValue)\(self.label)")
                _ = try database.engine.measure(kind, arguments: warmUp)
                let runs = try database.engine.measure(kind, arguments: measured)
                runsByEngine[database.kind] = runs
                let summary = LatencySummary(nanoseconds: runs.map(\.nanoseconds))
                progress.finish(
                    "p50 \(Format.duration(nanoseconds: summary.medianNanoseconds, in: kind.unit)) \(kind.unit.rawValue), "
                        + "p99 \(Format.duration(nanoseconds: summary.p99Nanoseconds, in: kind.unit)) \(kind.unit.rawValue)"
                )
            }
            guard !runsByEngine.isEmpty else { continue }
            for database in self.databases {
                if let plan = try database.engine.describePlan(kind, argument: measured[0]) {
                    plans.append("\(kind.rawValue)\(self.label): \(plan)")
                }
            }
            warnings += self.check(kind, runsByEngine: runsByEngine, arguments: measured)
            var summaries: [EngineKind: (LatencySummary, Double?)] = [:]
            for (engine, runs) in runsByEngine {
                let averageRows = kind == .count ? nil : Double(runs.reduce(0) { $0 + $1.rows }) / Double(runs.count)
                summaries[engine] = (LatencySummary(nanoseconds: runs.map(\.nanoseconds)), averageRows)
            }
            rows.append(ResultRow.latency(kind.title + self.label, unit: kind.unit, summaries: summaries, target: Self.target(kind)))
        }
        return (rows, plans)
    }

    /// Warnings when engines disagree on the rows, or when an answer is plainly wrong.
    private func check(_ kind: QueryKind, runsByEngine: [EngineKind: [QueryRun]], arguments: [QueryArguments]) -> [String] {
        var warnings: [String] = []
        let expected: Int? = switch kind {
        case .pointRead, .pointReadSQL: 1
        case .count: self.workload.distinctCount
        default: nil
        }
        if let expected {
            for (engine, runs) in runsByEngine.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let wrong = runs.filter { $0.rows != expected }
                if let first = wrong.first {
                    warnings.append("WARNING: \(kind.rawValue)\(self.label): \(engine.displayName) answered \(first.rows) instead of "
                        + "\(expected) in \(wrong.count) of \(runs.count) runs")
                }
            }
        }
        if let cosmolite = runsByEngine[.cosmolite], let sqlite = runsByEngine[.sqlite] {
            let differing = zip(cosmolite, sqlite).enumerated().filter { $0.element.0.rows != $0.element.1.rows }
            if let (index, (mine, theirs)) = differing.first {
                warnings.append("WARNING: \(kind.rawValue)\(self.label): Cosmolite and SQLite returned different row counts in "
                    + "\(differing.count) of \(cosmolite.count) runs (first: \(mine.rows) vs \(theirs.rows), \(Self.describe(arguments[index], for: kind)))")
            }
        }
        warnings.forEach { ProgressReporter.log($0) }
        return warnings
    }

    private static func describe(_ argument: QueryArguments, for kind: QueryKind) -> String {
        switch kind {
        case .pointRead, .pointReadSQL: "id \(argument.eventId), pk \(argument.deviceId)"
        case .epochRange: "epoch \(argument.epochStart) + \(QueryKind.epochRangeSeconds) s"
        case .epochRangeSender: "epoch \(argument.epochStart) + \(QueryKind.epochRangeSenderSeconds) s, sender \(argument.sender)"
        case .geoDistance: "point (\(argument.longitude), \(argument.latitude))"
        case .count: "no parameters"
        case .fullScan: "n = \(argument.deviceSequenceNumber)"
        }
    }

    private static func target(_ kind: QueryKind) -> PerformanceTarget? {
        switch kind {
        case .pointRead, .pointReadSQL: .pointRead
        case .epochRange, .epochRangeSender, .geoDistance: .notSlowerThanSQLite
        case .count, .fullScan: nil
        }
    }
}
