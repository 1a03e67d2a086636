import BenchmarkSupport
import CosmosClient
import DocumentStore
import JSON

/// Rows 2 and 2b: the stream grouped by device into transactional batches of up to 100 events (a batch is confined to
/// one partition key), sent by a few concurrent clients, durable; then the very same batches through the in-process
/// `Container.ingest` with the same concurrency, measured in the same run, for the ratio (row 2b).
struct BatchIngestBenchmark {
    let workload: EventWorkload
    let options: HTTPBenchmarkOptions
    let server: RunningServer
    let container: String

    /// Line numbers per batch: each device's lines in arrival order, cut every `batchSize` lines; batches in the order
    /// they fill up (the remainders, in device order, last).
    static func batches(of workload: EventWorkload, size: Int) -> [[Int]] {
        var open: [String: [Int]] = [:]
        var batches: [[Int]] = []
        for line in 0..<workload.lineCount {
            let device = workload.event(ofLine: line).deviceId
            open[device, default: []].append(line)
            if open[device]?.count == size {
                batches.append(open.removeValue(forKey: device) ?? [])
            }
        }
        batches += open.sorted { $0.key < $1.key }.map(\.value)
        return batches
    }

    func run(scratch: TemporaryDirectory, warnings: inout [String]) async throws -> [HTTPResultRow] {
        let workload = self.workload
        let client = self.server.client
        let container = self.container
        let batches = Self.batches(of: workload, size: self.options.batchSize)
        let bodies = batches.map { $0.map { workload.lines[$0] } }
        let tally = OutcomeTally()
        let load = ConcurrentLoad(
            concurrency: self.options.batchClients, count: batches.count,
            deadline: MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9), unit: "batches"
        )
        let probe = try await PhaseProbe.begin(self.server)
        let http = try await load.run(progress: "transactional batches over HTTP, \(self.options.batchClients) clients") { index in
            let statuses = try await client.batchUpsert(
                database: EventContainer.database, container: container, documents: bodies[index],
                partitionKey: .array([.string(workload.event(ofLine: batches[index][0]).deviceId)])
            )
            statuses.forEach(tally.count(status:))
        }
        let server = try await probe.end(operation: "Batch", unit: .milliseconds)
        let httpRate = Double(tally.total) / http.seconds
        ProgressReporter.log("  \(Format.rate(httpRate)) events/s, \(tally.text)")
        let inProcess = try await self.runInProcess(bodies, scratch: scratch)
        ProgressReporter.log("  in-process: \(Format.rate(inProcess.rate)) events/s, \(inProcess.tally.text)")
        let redelivered = workload.lineCount - workload.distinctCount
        if http.hitDeadline || inProcess.outcome.hitDeadline {
            warnings.append("WARNING: transactional batches stopped at the \(Int(self.options.phaseSeconds)) s limit "
                + "(HTTP \(http.completed), in-process \(inProcess.outcome.completed) of \(batches.count) batches)")
        } else {
            for (tally, what) in [(tally, "batches over HTTP"), (inProcess.tally, "in-process ingest")] {
                if let mismatch = tally.mismatch(distinct: workload.distinctCount, redelivered: redelivered, what: what) {
                    warnings.append(mismatch)
                }
            }
        }
        let average = Double(workload.lineCount) / Double(batches.count)
        return [
            HTTPResultRow(
                number: "2",
                title: "Transactional batch ingest, durable, \(self.options.batchClients) concurrent clients "
                    + "(batches of up to \(self.options.batchSize) events of one device)",
                value: httpRate,
                unit: "events/s",
                latency: (http.summary, .milliseconds),
                details: [
                    "\(Format.integer(batches.count)) batches of \(Format.decimal(average, digits: 1)) events on average "
                        + "in \(Format.decimal(http.seconds, digits: 2)) s: \(tally.text); latency is per batch",
                    server,
                ]
            ),
            HTTPResultRow(
                number: "2b",
                title: "Transactional batch ingest: HTTP / in-process Swift API",
                value: httpRate / inProcess.rate,
                unit: "x",
                details: [
                    "in-process `Container.ingest`, same batches, \(self.options.batchClients) tasks, durable: "
                        + "\(Format.rate(inProcess.rate)) events/s in \(Format.decimal(inProcess.outcome.seconds, digits: 2)) s"
                ]
            ),
        ]
    }

    /// The same batches through `Container.ingest` (one commit each, shared with concurrent ones) into a fresh
    /// durable store.
    private func runInProcess(
        _ bodies: [[[UInt8]]],
        scratch: TemporaryDirectory
    ) async throws -> (outcome: ConcurrentLoad.Outcome, rate: Double, tally: OutcomeTally) {
        let store = try InProcessStore(path: scratch.path + "/in-process-batches", durability: .durable)
        defer { store.close() }
        let container = store.container
        let tally = OutcomeTally()
        let load = ConcurrentLoad(
            concurrency: self.options.batchClients, count: bodies.count,
            deadline: MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9), unit: "batches"
        )
        let outcome = try await load.run(progress: "batches in-process, \(self.options.batchClients) tasks") { index in
            let report = try await container.ingest(bodies[index])
            tally.add(created: report.created, rewritten: report.replaced + report.duplicates, failed: report.rejected)
        }
        return (outcome, Double(tally.total) / outcome.seconds, tally)
    }
}
