import BenchmarkSupport
import CosmosClient
import JSON

/// Row 4: `SELECT * FROM c WHERE c.epoch >= @a AND c.epoch < @b` over a 10-second window (10 events arrive per
/// second, so about 100 rows with their bodies), sent across partitions as the SDK sends it (no page size: the
/// server picks it), every page read, one client.
struct QueryLatencyBenchmark {
    static let text = "SELECT * FROM c WHERE c.epoch >= @a AND c.epoch < @b"
    static let windowSeconds: Int64 = 10
    static let warmUpQueries = 100

    let workload: EventWorkload
    let options: HTTPBenchmarkOptions
    let server: RunningServer
    let container: String

    func run(warnings: inout [String]) async throws -> HTTPResultRow {
        let requests = self.server.requests(container: self.container)
        let port = self.server.port
        var random = SeededRandom(seed: self.options.seed &+ 0xE90C)
        let span = Int(max(0, self.workload.lastEpoch - self.workload.firstEpoch - Self.windowSeconds)) + 1
        let starts = (0..<(Self.warmUpQueries + self.options.queries)).map { _ in
            self.workload.firstEpoch + Int64(random.nextIndex(below: span))
        }
        let rows = SharedCounter()
        let pages = SharedCounter()
        let query: @Sendable (LoopbackConnection, Int64) throws -> Void = { connection, start in
            var continuation: String?
            repeat {
                let response = try connection.exchange(requests.query(
                    Self.text, parameters: ["@a": .integer(start), "@b": .integer(start + Self.windowSeconds)], continuation: continuation
                ))
                guard response.status == 200 else {
                    throw BenchmarkError("a query answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
                }
                rows.add(response.header("x-ms-item-count").flatMap { Int($0) } ?? 0)
                pages.add()
                continuation = response.header("x-ms-continuation").flatMap { $0.isEmpty ? nil : $0 }
            } while continuation != nil
        }
        let deadline = MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9)
        _ = try await ThreadedLoad(concurrency: 1, count: Self.warmUpQueries, deadline: deadline, unit: "queries", port: port)
            .run(progress: "epoch-range query, warm-up") { try query($0, starts[$1]) }
        let (rowsBefore, pagesBefore) = (rows.value, pages.value)
        let probe = try await PhaseProbe.begin(self.server)
        let measured = try await ThreadedLoad(concurrency: 1, count: self.options.queries, deadline: deadline, unit: "queries", port: port)
            .run(progress: "epoch-range query, 1 client") { try query($0, starts[Self.warmUpQueries + $1]) }
        let server = try await probe.end(operation: "Query", unit: .microseconds)
        let averageRows = Double(rows.value - rowsBefore) / Double(measured.completed)
        let averagePages = Double(pages.value - pagesBefore) / Double(measured.completed)
        ProgressReporter.log("  p50 \(Format.decimal(measured.summary.medianNanoseconds / 1e6, digits: 2)) ms, "
            + "p99 \(Format.decimal(measured.summary.p99Nanoseconds / 1e6, digits: 2)) ms, \(Format.decimal(averageRows, digits: 1)) rows")
        if measured.hitDeadline {
            warnings.append("WARNING: queries stopped at the \(Int(self.options.phaseSeconds)) s limit after "
                + "\(Format.integer(measured.completed)) of \(Format.integer(self.options.queries))")
        }
        if averageRows < 90 || averageRows > 110 {
            warnings.append("WARNING: the epoch-range query returned \(Format.decimal(averageRows, digits: 1)) rows on average, not about 100")
        }
        return HTTPResultRow(
            number: "4",
            title: "100-row query `\(Self.text)`, cross-partition, all pages, 1 client",
            value: measured.summary.p99Nanoseconds / 1e6,
            unit: "ms",
            latency: (measured.summary, .milliseconds),
            details: [
                "\(Format.integer(measured.completed)) queries after \(Self.warmUpQueries) warm-up: \(Format.decimal(averageRows, digits: 1)) rows "
                    + "and \(Format.decimal(averagePages, digits: 2)) pages (requests) per query on average, no `x-ms-max-item-count` "
                    + "(the SDK's default); \(Format.rate(measured.perSecond)) queries/s",
                server,
            ],
            target: .queryP99
        )
    }
}
