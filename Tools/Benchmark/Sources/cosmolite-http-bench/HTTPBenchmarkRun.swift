import BenchmarkSupport
import CosmosClient
import DocumentStore
import Foundation
import JSON

/// One run: generate the events, start a server on a fresh data directory, create the containers over REST, run
/// the load rows against it, measure it idle, stop it, then time start-ups on a large data directory. The server is
/// stopped and every temporary directory removed whatever happens.
struct HTTPBenchmarkRun {
    /// The second container, so that the batch row writes fresh documents as the single-upsert row does.
    static let batchContainer = "events-batch"

    let options: HTTPBenchmarkOptions
    let settings: ServerSettings
    /// The server the single-upsert rounds alternate with (`--baseline-server`), if any.
    let baseline: ServerSettings?

    func execute() async throws -> HTTPBenchmarkReport {
        let start = MonotonicClock.nanoseconds()
        var report = HTTPBenchmarkReport(
            commandLine: CommandLineText.current,
            date: ISO8601DateFormatter().string(from: Date()),
            processorCount: ProcessInfo.processInfo.processorCount,
            activeProcessorCount: ProcessInfo.processInfo.activeProcessorCount,
            loadAverageAtStart: HTTPBenchmarkReport.loadAverage(),
            events: self.options.events,
            distinctEvents: self.options.events - self.options.events / 1_000,
            seed: self.options.seed,
            transport: "plain HTTP: single upserts, point reads and queries from blocking loopback clients (one thread and one "
                + "keep-alive connection each); set-up and batches through CosmosRESTClient (AsyncHTTPClient)",
            server: self.settings.binary,
            durability: self.settings.durability,
            clients: self.options.clients,
            batchClients: self.options.batchClients,
            startupDocuments: self.options.startupDocuments
        )
        let scratch = try TemporaryDirectory(prefix: "cosmolite-http-bench")
        CleanupRegistry.shared.register(scratch)
        defer { CleanupRegistry.shared.remove(scratch) }

        var progress = ProgressReporter()
        progress.begin("generate \(Format.integer(self.options.events)) events, seed \(self.options.seed)")
        let workload = EventGenerator(lineCount: self.options.events, seed: self.options.seed).generate()
        progress.finish("\(Format.integer(workload.distinctCount)) distinct events")

        var rows = try await self.runAgainstOneServer(workload, scratch: scratch, warnings: &report.warnings)
        if self.options.startupDocuments > 0 {
            let startup = StartupBenchmark(options: self.options, settings: self.settings)
            rows.append(try await startup.run(scratch: scratch, warnings: &report.warnings))
        }
        report.rows = rows.sorted { $0.number < $1.number }
        report.loadAverageAtEnd = HTTPBenchmarkReport.loadAverage()
        report.wallSeconds = MonotonicClock.seconds(since: start)
        return report
    }

    /// Rows 1, 2, 3, 4 and 6, against one server.
    private func runAgainstOneServer(_ workload: EventWorkload, scratch: TemporaryDirectory, warnings: inout [String]) async throws -> [HTTPResultRow] {
        let dataPath = scratch.path + "/server-data"
        let server = try await self.settings.start(dataPath: dataPath, connections: max(self.options.clients, self.options.batchClients))
        ProgressReporter.log("server pid \(server.process.pid) at \(server.endpoint)")
        do {
            try await ContainerSetup.create(server.client, ids: [EventContainer.container, Self.batchContainer], warnings: &warnings)
            try await self.openConnections(server.client)
            var rows: [HTTPResultRow] = []
            let container = EventContainer.container
            rows += try await SingleUpsertBenchmark(workload: workload, options: self.options, settings: self.settings,
                                                    baseline: self.baseline, server: server).run(scratch: scratch, warnings: &warnings)
            rows += try await BatchIngestBenchmark(workload: workload, options: self.options, server: server,
                                                       container: Self.batchContainer).run(scratch: scratch, warnings: &warnings)
            rows += try await PointReadBenchmark(workload: workload, options: self.options, server: server, container: container)
                .run(warnings: &warnings)
            rows.append(try await QueryLatencyBenchmark(workload: workload, options: self.options, server: server, container: container)
                .run(warnings: &warnings))
            rows.append(try await IdleCPUBenchmark(process: server.process, seconds: self.options.idleSeconds).run())
            let (status, _) = await server.stop()
            if status != 0 {
                warnings.append("WARNING: the server exited with \(status.map(String.init) ?? "nothing (killed)") after SIGTERM:\n"
                    + server.process.log.tail)
            }
            return rows
        } catch {
            ProgressReporter.log("error: \(error)\nserver log:\n\(server.process.log.tail)")
            _ = await server.stop()
            throw error
        }
    }

    /// Opens the whole connection pool (TLS handshakes included) before anything is timed.
    private func openConnections(_ client: CosmosRESTClient) async throws {
        let connections = max(self.options.clients, self.options.batchClients)
        _ = try await ConcurrentLoad(concurrency: connections, count: connections * 4,
                                     deadline: MonotonicClock.nanoseconds() + 60_000_000_000, unit: "requests")
            .run(progress: "open \(connections) connections") { _ in
                _ = try await client.container(database: EventContainer.database, id: EventContainer.container)
            }
    }
}
