import ArgumentParser
import CosmosClient
import EventShapes
import Foundation
import JSON

/// `cosmolite-simulator`: streams generated events into a Cosmos DB NoSQL endpoint (Cosmolite or Azure) at a fixed rate,
/// the way the streaming-at-scale simulator feeds Event Hubs, or writes them to an NDJSON file.
@main
struct Simulator: AsyncParsableCommand {
    static let emulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="

    static let configuration = CommandConfiguration(
        commandName: "cosmolite-simulator",
        abstract: "Stream generated events into a Cosmos DB NoSQL endpoint at a fixed rate, or write them as NDJSON.",
        discussion: """
            Events follow a schedule by absolute time (event i is due i / rate seconds after the start), with at most \
            --concurrency requests in flight; when the endpoint cannot keep up the simulator falls behind, says so, and \
            sends everything anyway. Progress goes to standard error every second, the summary to standard output. \
            429 and 503 answers are retried with back-off; any other failure is counted and reported, and the exit \
            status is 1 when any event was not acknowledged.
            """
    )

    enum Sink: String, ExpressibleByArgument, CaseIterable {
        case rest, batch, ndjson
    }

    @Option(help: "Events per second (0: as fast as possible).")
    var rate: Double = 1000

    @Option(help: "How long to send, in seconds (rate × duration events). Default 60 unless --count is given.")
    var duration: Double?

    @Option(help: "How many events to send in all (originals plus re-deliveries), instead of --duration.")
    var count: Int?

    @Option(help: "How many devices send (streaming shape).")
    var devices: Int = 1000

    @Option(name: .customLong("duplicate-every"), help: "Re-deliver every n-th event a second time, byte-identical (0: never).")
    var duplicateEvery: Int = 1000

    @Option(name: .customLong("duplicate-delay"), help: "How many events later a re-delivery is sent.")
    var duplicateDelay: Int = 10

    @Option(help: "Event shape: streaming (device telemetry) or geo (North Carolina postal-code demo).")
    var shape: EventShapeArgument = .streaming

    @Option(help: "The most requests in flight at once.")
    var concurrency: Int = 32

    @Option(help: "rest: one upsert per event; batch: transactional batches per partition key; ndjson: write to --output.")
    var sink: Sink = .rest

    @Option(name: .customLong("batch-window-ms"), help: "batch sink: the longest an event waits for its batch to fill, in milliseconds.")
    var batchWindowMilliseconds: Int = 250

    @Option(name: .customLong("batch-size"), help: "batch sink: the most operations per batch (at most 100).")
    var batchSize: Int = 100

    @Option(help: "The account endpoint.")
    var endpoint: String = "https://localhost:8081/"

    @Option(help: "The account master key (base64). Default: the Cosmos DB Emulator's well-known key.")
    var key: String = Simulator.emulatorKey

    @Option(help: "The database (created if missing).")
    var database: String = "streaming"

    @Option(help: "The container (created if missing, partitioned on /deviceId or /pk).")
    var container: String = "rawdata"

    @Option(help: "ndjson sink: the file to write (- for standard output).")
    var output: String?

    @Option(help: "The seed of the generator: equal seeds give equal events.")
    var seed: UInt64 = 1

    @Option(name: .customLong("summary-json"), help: "Also write the summary as JSON to this file.")
    var summaryJSON: String?

    @Option(name: .customLong("align-start"), help: "Wait until the wall clock is a multiple of this many seconds before starting (60: the next full minute, so whole minutes of _ts hold a full minute of sending).")
    var alignStart: Int = 0

    @Option(name: .customLong("start-time"), help: "Stamp events with a virtual clock starting here (ISO-8601 UTC, e.g. 2025-01-01T00:00:00Z) instead of the wall clock: with a fixed seed the output is then identical from run to run.")
    var startTime: String?

    @Flag(name: .customLong("no-progress"), help: "Do not print progress.")
    var noProgress = false

    enum EventShapeArgument: String, ExpressibleByArgument, CaseIterable {
        case streaming, geo
        var shape: EventShape { self == .streaming ? .streaming : .geo }
    }

    func validate() throws {
        guard self.rate >= 0, self.rate.isFinite else { throw ValidationError("--rate must be 0 or a positive number") }
        if self.duration != nil && self.count != nil { throw ValidationError("give --duration or --count, not both") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        if let count, count < 0 { throw ValidationError("--count must not be negative") }
        if self.rate == 0 && self.count == nil { throw ValidationError("--rate 0 (unlimited) needs --count") }
        guard (1...1_000_000).contains(self.devices) else { throw ValidationError("--devices must be between 1 and 1,000,000") }
        guard self.duplicateEvery >= 0 else { throw ValidationError("--duplicate-every must not be negative") }
        guard self.duplicateDelay >= 1 else { throw ValidationError("--duplicate-delay must be at least 1") }
        guard self.concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard (1...100).contains(self.batchSize) else { throw ValidationError("--batch-size must be between 1 and 100") }
        guard self.batchWindowMilliseconds >= 0 else { throw ValidationError("--batch-window-ms must not be negative") }
        guard self.alignStart >= 0 else { throw ValidationError("--align-start must not be negative") }
        if self.sink == .ndjson && self.output == nil { throw ValidationError("--sink ndjson needs --output FILE (or - for standard output)") }
        if self.sink != .ndjson && self.output != nil { throw ValidationError("--output is only for --sink ndjson") }
        if let startTime, EventTimestamp(iso8601: startTime) == nil {
            throw ValidationError("--start-time must look like 2025-01-01T00:00:00Z")
        }
    }

    /// How many emissions the run sends.
    var plannedEvents: Int {
        if let count { return count }
        return Int((self.rate * (self.duration ?? 60)).rounded())
    }

    func run() async throws {
        let shape = self.shape.shape
        let statistics = RunStatistics()
        var client: CosmosRESTClient?
        var sender: (any Sender)?
        var ndjson: NDJSONWriter?

        switch self.sink {
        case .ndjson:
            ndjson = try NDJSONWriter(path: self.output ?? "-")
        case .rest, .batch:
            let restClient = try CosmosRESTClient(endpoint: self.endpoint, key: self.key, connections: self.concurrency)
            client = restClient
            do {
                try await restClient.createDatabaseIfNeeded(self.database)
                try await restClient.createContainerIfNeeded(database: self.database, definition: shape.containerDefinition(id: self.container))
            } catch {
                try? await restClient.shutdown()
                throw ValidationError("cannot prepare \(self.database)/\(self.container) at \(self.endpoint): \(error)")
            }
            let policy = RetryPolicy()
            sender = self.sink == .rest
                ? RESTSender(client: restClient, database: self.database, container: self.container, statistics: statistics, retryPolicy: policy)
                : BatchSender(client: restClient, database: self.database, container: self.container, statistics: statistics, retryPolicy: policy)
        }

        if self.alignStart > 0 {
            let now = EventTimestamp.now().microseconds
            let period = Int64(self.alignStart) * 1_000_000
            let wait = period - now % period
            Console.error("waiting \(StreamingChecks.format(Double(wait) / 1e6)) s for the wall clock to reach a multiple of \(self.alignStart) s")
            try await Task.sleep(for: .microseconds(wait))
        }

        let run = RunParameters(
            total: self.plannedEvents,
            schedule: ArrivalSchedule(rate: self.rate),
            concurrency: self.concurrency,
            batchWindow: .milliseconds(self.batchWindowMilliseconds),
            batchSize: self.batchSize,
            virtualStart: self.startTime.flatMap(EventTimestamp.init(iso8601:))
        )
        var stream = EventStream(generator: shape.makeGenerator(seed: self.seed, devices: self.devices),
                                 duplicateEvery: self.duplicateEvery, duplicateDelay: self.duplicateDelay)
        let destination = self.sink == .ndjson ? (self.output ?? "-") : "\(self.endpoint) \(self.database)/\(self.container)"
        Console.error("cosmolite-simulator: sending \(run.total) \(shape.rawValue) events at "
            + (run.schedule.isUnlimited ? "full speed" : "\(StreamingChecks.format(self.rate)) events/s") + " to \(destination) (\(self.sink.rawValue) sink)")
        let cpuAtStart = ProcessCPU.seconds()
        let startedAt = EventTimestamp.now()
        let start = ContinuousClock.now
        let progress = self.noProgress ? nil : ProgressReporter(statistics: statistics, start: start, run: run)
        let progressTask = progress.map { reporter in Task { await reporter.run() } }

        var outcome = await Producer.run(run, stream: &stream, start: start, statistics: statistics, sender: sender, ndjson: ndjson)
        outcome.cpuSeconds = ProcessCPU.seconds() - cpuAtStart

        progressTask?.cancel()
        _ = await progressTask?.value
        try ndjson?.close()
        try? await client?.shutdown()

        let summary = Summary(options: self, shape: shape, run: run, outcome: outcome, stream: stream,
                              statistics: statistics.snapshot(resetInterval: false), start: start, startedAt: startedAt)
        let text = summary.text
        if self.sink == .ndjson && (self.output ?? "-") == "-" {
            Console.error(text)
        } else {
            print(text)
        }
        if let summaryJSON {
            try Data(JSONWriter.bytes(from: summary.json) + [0x0A]).write(to: URL(fileURLWithPath: summaryJSON))
        }
        if summary.failed > 0 || summary.acknowledged < summary.sent {
            throw ExitCode(1)
        }
    }
}
