import BenchmarkSupport
import Foundation
import CosmosClient
import DocumentStore
import JSON

/// Row 1: every event upserted by a request of its own (durable: acknowledged only once synced) from many
/// concurrent clients, the way a streaming pipeline without batching writes; then the same writes through the
/// in-process API with the same concurrency, which shows what the HTTP layer costs.
///
/// With a baseline server (row 1b), a round of the baseline follows each round of the server under test, so that the
/// two medians come from the same minutes of a shared host, and their ratio is what a change did.
struct SingleUpsertBenchmark {
    let workload: EventWorkload
    let options: HTTPBenchmarkOptions
    let settings: ServerSettings
    /// Another server binary whose rounds alternate with this one's (`--baseline-server`).
    let baseline: ServerSettings?
    /// The server of the other rows: the first round writes into it, so that reads and queries find the events.
    let server: RunningServer

    /// One round: every event written into a fresh container, timed, with the server's view of it.
    private struct Round {
        let outcome: ConcurrentLoad.Outcome
        let tally: OutcomeTally
        let server: String
    }

    func run(scratch: TemporaryDirectory, warnings: inout [String]) async throws -> [HTTPResultRow] {
        let syncFloor = try SyncFloor.measure(directory: scratch.path)
        ProgressReporter.log("  " + SyncFloor.text(syncFloor))
        var rounds: [Round] = []
        var baselineRounds: [Round] = []
        var treeShapes: String?
        for round in 1...self.options.upsertRounds {
            if round == 1 {
                rounds.append(try await self.runRound("round 1", on: self.server, warnings: &warnings))
            } else {
                // Every further round starts from nothing, as the first did: a fresh server on a fresh data directory.
                let isLast = round == self.options.upsertRounds
                let (fresh, shapes) = try await self.runFreshRound("round \(round)", settings: self.settings, scratch: scratch,
                                                                   readTrees: isLast, warnings: &warnings)
                rounds.append(fresh)
                if isLast { treeShapes = shapes }
            }
            if let baseline {
                baselineRounds.append(try await self.runFreshRound("baseline round \(round)", settings: baseline, scratch: scratch,
                                                                   readTrees: false, warnings: &warnings).round)
            }
        }
        let inProcess = try await self.runInProcess(scratch: scratch)
        ProgressReporter.log("  in-process: \(Format.rate(inProcess.perSecond)) events/s")
        // The median round by throughput stands for the row: the machine is shared, and one round can meet a
        // neighbour's burst.
        let median = Self.median(rounds)
        let http = median.outcome
        var details = [
            "\(Format.integer(http.completed)) events in \(Format.decimal(http.seconds, digits: 2)) s: \(median.tally.text)"
        ]
        if rounds.count > 1 {
            details.append("median of \(rounds.count) rounds, each on a fresh server and data directory: "
                + rounds.map { Format.rate($0.outcome.perSecond) }.joined(separator: ", ") + " events/s")
        }
        details += [
            "in-process `Container.write` (upsert), same \(self.options.clients) tasks: \(Format.rate(inProcess.perSecond)) events/s "
                + "(HTTP / in-process \(Format.ratio(http.perSecond / inProcess.perSecond)))",
            median.server,
            SyncFloor.text(syncFloor),
        ]
        if let treeShapes {
            details.append(treeShapes)
        }
        var rows = [
            HTTPResultRow(
                number: "1",
                title: "Durable single-document upserts, \(self.options.clients) concurrent clients (one request per event, `Prefer: return=minimal`)",
                value: http.perSecond,
                unit: "events/s",
                latency: (http.summary, .milliseconds),
                details: details,
                target: .singleUpserts
            )
        ]
        if let baseline {
            rows.append(Self.comparison(median: median, rounds: rounds, baselineRounds: baselineRounds, baseline: baseline))
        }
        return rows
    }

    /// Row 1b: the median of this server's rounds (row 1's) over the baseline's, with the rounds pair by pair.
    private static func comparison(median: Round, rounds: [Round], baselineRounds: [Round], baseline: ServerSettings) -> HTTPResultRow {
        let baselineMedian = Self.median(baselineRounds)
        let faster = zip(rounds, baselineRounds).filter { $0.outcome.perSecond > $1.outcome.perSecond }.count
        let pairs = zip(rounds, baselineRounds).map { "\(Format.rate($0.outcome.perSecond)) / \(Format.rate($1.outcome.perSecond))" }
        return HTTPResultRow(
            number: "1b",
            title: "Single upserts: this server / baseline server, alternating rounds",
            value: median.outcome.perSecond / baselineMedian.outcome.perSecond,
            unit: "x",
            details: [
                "baseline `\(baseline.binary)`: median \(Format.rate(baselineMedian.outcome.perSecond)) events/s against "
                    + "\(Format.rate(median.outcome.perSecond))",
                "rounds in the order they ran, this / baseline: " + pairs.joined(separator: ", ") + " events/s",
                "this server faster in \(faster) of \(rounds.count) pairs",
                "baseline's median round: \(baselineMedian.server)",
            ]
        )
    }

    /// The round at the median by throughput (the upper one of an even count).
    private static func median(_ rounds: [Round]) -> Round {
        rounds.sorted { $0.outcome.perSecond < $1.outcome.perSecond }[rounds.count / 2]
    }

    /// A round on a fresh server and data directory, as the first round had; the trees it left are read when asked.
    private func runFreshRound(
        _ name: String,
        settings: ServerSettings,
        scratch: TemporaryDirectory,
        readTrees: Bool,
        warnings: inout [String]
    ) async throws -> (round: Round, treeShapes: String?) {
        let directory = scratch.path + "/" + name.replacingOccurrences(of: " ", with: "-")
        let server = try await settings.start(dataPath: directory, connections: 2)
        let result: Round
        do {
            try await ContainerSetup.create(server.client, ids: [EventContainer.container], warnings: &warnings)
            result = try await self.runRound(name, on: server, warnings: &warnings)
        } catch {
            _ = await server.stop()
            throw error
        }
        _ = await server.stop()
        let shapes = readTrees ? try Self.treeShapes(at: directory, after: name) : nil
        try? FileManager.default.removeItem(atPath: directory)
        return (result, shapes)
    }

    /// One round on `server`; `name` ("round 2", "baseline round 2") labels its progress and warnings.
    private func runRound(_ name: String, on server: RunningServer, warnings: inout [String]) async throws -> Round {
        let workload = self.workload
        let requests = server.requests(container: EventContainer.container)
        let tally = OutcomeTally()
        let load = EventedLoad(
            concurrency: self.options.clients, count: workload.lineCount,
            deadline: MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9), unit: "events", port: server.port
        )
        let probe = try await PhaseProbe.begin(server)
        let http = try await load.run(progress: "single upserts over HTTP, \(self.options.clients) clients, \(name)") { index in
            requests.upsert(document: workload.lines[index], partitionKey: workload.event(ofLine: index).deviceId)
        } check: { response, _ in
            guard response.status == 200 || response.status == 201 else {
                throw BenchmarkError("upsert answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            }
            tally.count(status: response.status)
        }
        let server = try await probe.end(operation: "UpsertDocument", unit: .microseconds)
        ProgressReporter.log("  \(Format.rate(http.perSecond)) events/s, \(tally.text); \(server)")
        if http.hitDeadline {
            warnings.append("WARNING: single upserts (\(name)) stopped at the \(Int(self.options.phaseSeconds)) s limit after "
                + "\(Format.integer(http.completed)) of \(Format.integer(workload.lineCount)) events")
        } else if let mismatch = tally.mismatch(distinct: workload.distinctCount, redelivered: workload.lineCount - workload.distinctCount,
                                                 what: "single upserts over HTTP (\(name))") {
            warnings.append(mismatch)
        }
        return Round(outcome: http, tally: tally, server: server)
    }

    /// The B-trees a round's server left behind: a write touches a leaf and one page per level above it in each tree
    /// it changes, so their depths tell what a commit writes.
    private static func treeShapes(at directory: String, after name: String) throws -> String {
        // The server keeps its store in `store/` of its data directory, beside its TLS material.
        let storePath = directory + "/store"
        guard FileManager.default.fileExists(atPath: storePath + "/data.mdb") else {
            throw BenchmarkError("\(name) left no store at \(storePath)")
        }
        let store = try DocumentStore(path: storePath, configuration: StoreConfiguration(sweepsExpiredDocuments: false))
        defer { store.close() }
        let statistics = try store.storageStatistics()
        let shapes = statistics.trees.filter { $0.entries > 0 && $0.keyspace != "catalog" }.map { tree in
            "\(tree.keyspace) \(tree.depth) levels, \(Format.integer(tree.leafPages)) leaves"
        }
        return "B-trees after \(name) (as `cosmolite stat --storage` shows them): " + shapes.joined(separator: "; ")
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
