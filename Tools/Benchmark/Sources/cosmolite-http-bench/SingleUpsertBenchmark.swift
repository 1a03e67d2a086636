import BenchmarkSupport
import CosmosClient
import DocumentStore
import JSON

/// Row 1: every event upserted by a request of its own (durable: acknowledged only once synced) from many
/// concurrent clients, the way a streaming pipeline without batching writes; then the same writes through the
/// in-process API with the same concurrency, which shows what the HTTP layer costs.
struct SingleUpsertBenchmark {
    let workload: EventWorkload
    let options: HTTPBenchmarkOptions
    let server: RunningServer
    let container: String

    func run(scratch: TemporaryDirectory, warnings: inout [String]) async throws -> HTTPResultRow {
        let workload = self.workload
        let client = self.server.client
        let container = self.container
        let tally = OutcomeTally()
        let syncFloor = try SyncFloor.measure(directory: scratch.path)
        ProgressReporter.log("  " + SyncFloor.text(syncFloor))
        let load = ConcurrentLoad(
            concurrency: self.options.clients, count: workload.lineCount,
            deadline: MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9), unit: "events"
        )
        let probe = try await PhaseProbe.begin(self.server)
        let http = try await load.run(progress: "single upserts over HTTP, \(self.options.clients) clients") { index in
            let status = try await client.upsert(
                database: EventContainer.database, container: container, document: workload.lines[index],
                partitionKey: .array([.string(workload.event(ofLine: index).deviceId)])
            )
            tally.count(status: status)
        }
        let server = try await probe.end(operation: "UpsertDocument", unit: .microseconds)
        ProgressReporter.log("  \(Format.rate(http.perSecond)) events/s, \(tally.text); \(server)")
        let inProcess = try await self.runInProcess(scratch: scratch)
        ProgressReporter.log("  in-process: \(Format.rate(inProcess.perSecond)) events/s")
        if http.hitDeadline {
            warnings.append("WARNING: single upserts stopped at the \(Int(self.options.phaseSeconds)) s limit after "
                + "\(Format.integer(http.completed)) of \(Format.integer(workload.lineCount)) events")
        } else if let mismatch = tally.mismatch(distinct: workload.distinctCount, redelivered: workload.lineCount - workload.distinctCount,
                                                 what: "single upserts over HTTP") {
            warnings.append(mismatch)
        }
        let summary = http.summary
        return HTTPResultRow(
            number: "1",
            title: "Durable single-document upserts, \(self.options.clients) concurrent clients (one request per event, `Prefer: return=minimal`)",
            value: http.perSecond,
            unit: "events/s",
            latency: (summary, .milliseconds),
            details: [
                "\(Format.integer(http.completed)) events in \(Format.decimal(http.seconds, digits: 2)) s: \(tally.text)",
                "in-process `Container.write` (upsert), same \(self.options.clients) tasks: \(Format.rate(inProcess.perSecond)) events/s "
                    + "(HTTP / in-process \(Format.ratio(http.perSecond / inProcess.perSecond)))",
                server,
                SyncFloor.text(syncFloor),
            ],
            target: .singleUpserts
        )
    }

    /// The same upserts through `Container.write` from as many tasks, into a fresh durable store.
    private func runInProcess(scratch: TemporaryDirectory) async throws -> ConcurrentLoad.Outcome {
        let store = try InProcessStore(path: scratch.path + "/in-process-single", durability: .durable)
        defer { store.close() }
        let workload = self.workload
        let container = store.container
        let load = ConcurrentLoad(
            concurrency: self.options.clients, count: workload.lineCount,
            deadline: MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9), unit: "events"
        )
        return try await load.run(progress: "single upserts in-process, \(self.options.clients) tasks") { index in
            _ = try await container.write(
                workload.lines[index], mode: .upsert, partitionKey: .string(workload.event(ofLine: index).deviceId)
            )
        }
    }
}
