import ArgumentParser
import BenchmarkSupport
import Foundation

/// `cosmolite-http-bench`: a real `cosmolite serve` measured over loopback with the repository's REST client, the
/// over-the-wire targets of issue 4 side by side in one run, printed as one table.
@main
struct HTTPBenchmarkCommand: AsyncParsableCommand {
    /// The Cosmos DB Emulator's well-known key, the server's default.
    static let emulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="

    static let configuration = CommandConfiguration(
        commandName: "cosmolite-http-bench",
        abstract: "Measure a real cosmolite server over loopback: upserts, batches, reads, queries, start-up, idle CPU.",
        discussion: """
            Starts `cosmolite serve` on 127.0.0.1 (port chosen by the OS) on a temporary data directory, drives it \
            with the repository's CosmosClient, and prints one Markdown table with the targets of issue 4. The \
            server is stopped and the temporary files removed at the end, on errors and on Ctrl-C. Build the server \
            first, at the repository root: swift build -c release --product cosmolite
            """
    )

    @Option(help: "The cosmolite executable (default: the repository's .build/release/cosmolite).")
    var server: String?

    @Option(help: ArgumentHelp(
        "Another cosmolite executable to compare with: its single-upsert rounds alternate with the server's, and row 1b "
            + "gives the ratio of the two medians (use --upsert-rounds 5 or more).",
        valueName: "server"
    ))
    var baselineServer: String?

    @Option(help: "Events for the write rows (0.1 % of them re-deliver earlier events); reads and queries use them too.")
    var events = 50_000

    @Option(help: "Seed of the event generator and of the drawn reads and queries.")
    var seed: UInt64 = 42

    @Option(help: "Concurrent clients of the single-upsert and the concurrent-read rows.")
    var clients = 32

    @Option(help: "Rounds of the single-upsert row, each writing every event into a fresh container; the median is reported.")
    var upsertRounds = 3

    @Option(help: "Concurrent clients of the transactional batch row.")
    var batchClients = 4

    @Option(help: "Measured point reads from one client.")
    var reads = 5_000

    @Option(help: "Measured point reads across the concurrent readers.")
    var concurrentReads = 32_000

    @Option(help: "Measured 100-row queries.")
    var queries = 1_000

    @Option(name: [.customLong("startup-documents"), .customLong("documents")],
            help: "Documents in the start-up data directory (0 skips the start-up row).")
    var startupDocuments = 1_000_000

    @Option(help: "Timed starts of the server on the start-up data directory (the row shows the median).")
    var startupRuns = 5

    @Option(help: "Seconds of idle over which the server's CPU time is measured.")
    var idleSeconds = 10.0

    @Option(help: "The longest any one phase may run, in seconds (it then stops early and the table says so).")
    var phaseSeconds = 300.0

    @Option(help: "The account key the server and the clients use.")
    var key = Self.emulatorKey

    @Option(help: "Also write the results as JSON to this file.")
    var json: String?

    func validate() throws {
        guard self.events >= 1_000 else { throw ValidationError("--events must be at least 1000") }
        guard (1...512).contains(self.clients), (1...512).contains(self.batchClients) else {
            throw ValidationError("--clients and --batch-clients must be between 1 and 512")
        }
        guard (1...9).contains(self.upsertRounds) else { throw ValidationError("--upsert-rounds must be between 1 and 9") }
        guard self.reads >= 100, self.concurrentReads >= 100, self.queries >= 100 else {
            throw ValidationError("--reads, --concurrent-reads and --queries must be at least 100 (a p99 needs samples)")
        }
        guard self.startupDocuments >= 0, (1...50).contains(self.startupRuns) else {
            throw ValidationError("--startup-documents must not be negative and --startup-runs must be between 1 and 50")
        }
        guard self.idleSeconds >= 1, self.idleSeconds <= 600, self.phaseSeconds >= 10, self.phaseSeconds <= 3_600 else {
            throw ValidationError("--idle-seconds must be between 1 and 600, --phase-seconds between 10 and 3600")
        }
    }

    func run() async throws {
        let settings = ServerSettings(binary: try ServerLocator.resolve(self.server), key: self.key)
        let baseline = try self.baselineServer.map { ServerSettings(binary: try ServerLocator.resolve($0), key: self.key) }
        let options = HTTPBenchmarkOptions(
            events: self.events, seed: self.seed, clients: self.clients, upsertRounds: self.upsertRounds, batchClients: self.batchClients, batchSize: 100,
            reads: self.reads, concurrentReads: self.concurrentReads, queries: self.queries,
            startupDocuments: self.startupDocuments, startupRuns: self.startupRuns, idleSeconds: self.idleSeconds,
            phaseSeconds: self.phaseSeconds
        )
        CleanupRegistry.shared.installSignalHandlers()
        let report: HTTPBenchmarkReport
        do {
            report = try await HTTPBenchmarkRun(options: options, settings: settings, baseline: baseline).execute()
        } catch {
            CleanupRegistry.shared.cleanUpEverything()
            throw error
        }
        CleanupRegistry.shared.cleanUpEverything()
        print(report.markdown)
        if let json {
            try report.writeJSON(to: json)
            ProgressReporter.log("results written to \(json)")
        }
    }
}
