import ArgumentParser
import CosmosClient
import EventShapes
import Foundation
import JSON

/// `cosmolite-verifier`: reads a container of streamed events back with SQL and applies the pass/fail rules of the
/// streaming-at-scale integration tests (see ``StreamingChecks`` for the rules and where they come from).
@main
struct Verifier: AsyncParsableCommand {
    static let emulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="

    static let configuration = CommandConfiguration(
        commandName: "cosmolite-verifier",
        abstract: "Check a container of streamed events against the streaming-at-scale rules (throughput, latency, duplicates, sequence gaps).",
        discussion: """
            Per window of _ts (a minute by default): the best window must hold at least --rate-fraction × --expected-rate \
            × window events, and the best window's average latency (_ts - createdAt) must be at most --max-latency \
            seconds. Over the whole container: count(*) must equal count(distinct eventId), and in the middle 80 % of \
            each device's events (by sequence number) consecutive deviceSequenceNumbers must differ by exactly 1. \
            Exit status: 0 when every rule passes, 1 when a rule fails (the report names it), 2 when the container \
            cannot be read.
            """
    )

    @Option(help: "The account endpoint.")
    var endpoint: String = "https://localhost:8081/"

    @Option(help: "The account master key (base64). Default: the Cosmos DB Emulator's well-known key.")
    var key: String = Verifier.emulatorKey

    @Option(help: "The database.")
    var database: String = "streaming"

    @Option(help: "The container.")
    var container: String = "rawdata"

    @Option(help: "Event shape: streaming (eventId, deviceId, deviceSequenceNumber, createdAt) or geo (id, pk, seq, timestamp).")
    var shape: ShapeArgument = .streaming

    @Option(name: .customLong("expected-rate"), help: "The target rate of the run, in events per second.")
    var expectedRate: Double

    @Option(name: .customLong("rate-fraction"), help: "The share of the target the best window must reach.")
    var rateFraction: Double = 0.9

    @Option(help: "The window length in seconds (60: per minute of _ts, as the streaming-at-scale tests do).")
    var window: Int = 60

    @Option(name: .customLong("max-latency"), help: "The most the best window's average latency may be, in seconds.")
    var maxLatency: Double = 15

    @Option(name: .customLong("max-duplicate-fraction"), help: "The largest acceptable fraction of duplicate events.")
    var maxDuplicateFraction: Double = 0

    @Option(help: "Partition queries in flight at once while reading sequence numbers.")
    var concurrency: Int = 8

    @Option(name: .customLong("report-json"), help: "Also write the report as JSON to this file.")
    var reportJSON: String?

    enum ShapeArgument: String, ExpressibleByArgument, CaseIterable {
        case streaming, geo
        var shape: EventShape { self == .streaming ? .streaming : .geo }
    }

    func validate() throws {
        guard self.expectedRate > 0, self.expectedRate.isFinite else { throw ValidationError("--expected-rate must be positive") }
        guard self.rateFraction > 0, self.rateFraction <= 1 else { throw ValidationError("--rate-fraction must be in (0, 1]") }
        guard self.window >= 1 else { throw ValidationError("--window must be at least 1 second") }
        guard self.maxLatency >= 0 else { throw ValidationError("--max-latency must not be negative") }
        guard (0...1).contains(self.maxDuplicateFraction) else { throw ValidationError("--max-duplicate-fraction must be in [0, 1]") }
        guard self.concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        var thresholds = StreamingChecks.Thresholds(expectedRate: self.expectedRate)
        thresholds.rateFraction = self.rateFraction
        thresholds.windowSeconds = Int64(self.window)
        thresholds.maximumLatencySeconds = self.maxLatency
        thresholds.maximumDuplicateFraction = self.maxDuplicateFraction

        let client = try CosmosRESTClient(endpoint: self.endpoint, key: self.key, connections: self.concurrency)
        let reader = ContainerReader(client: client, database: self.database, container: self.container, shape: self.shape.shape,
                                     concurrency: self.concurrency)
        let observed: ContainerReader.Result
        do {
            observed = try await reader.read(windowSeconds: Int64(self.window))
        } catch {
            try? await client.shutdown()
            Console.error("cosmolite-verifier: cannot read \(self.database)/\(self.container) at \(self.endpoint): \(error)")
            throw ExitCode(2)
        }
        try? await client.shutdown()

        let outcomes = StreamingChecks.evaluate(observed.observations, thresholds: thresholds)
        let report = Report(verifier: self, thresholds: thresholds, result: observed, outcomes: outcomes)
        print(report.text)
        if let reportJSON {
            try Data(JSONWriter.bytes(from: report.json) + [0x0A]).write(to: URL(fileURLWithPath: reportJSON))
        }
        if outcomes.contains(where: { !$0.passed }) {
            throw ExitCode(1)
        }
    }
}
