import BenchmarkSupport
import Foundation
import CosmosClient
import DocumentStore
import JSON

/// Row 1: every event upserted by a request of its own (durable: acknowledged only once synced) from many
/// concurrent clients, the way a streaming pipeline without batching writes; then the same writes through the
/// in-process API with the same concurrency, which shows what the HTTP layer costs.
struct SingleUpsertBenchmark {
    let workload: EventWorkload
    let options: HTTPBenchmarkOptions
    let settings: ServerSettings
    /// The server of the other rows: the first round writes into it, so that reads and queries find the events.
    let server: RunningServer

    /// One round: every event written into a fresh container, timed, with the server's view of it.
    private struct Round {
        let outcome: ConcurrentLoad.Outcome
        let tally: OutcomeTally
        let server: String
    }

    func run(scratch: TemporaryDirectory, warnings: inout [String]) async throws -> HTTPResultRow {
        let syncFloor = try SyncFloor.measure(directory: scratch.path)
        ProgressReporter.log("  " + SyncFloor.text(syncFloor))
        var rounds: [Round] = []
        var treeShapes: String?
        rounds.append(try await self.runRound(1, on: self.server, warnings: &warnings))
        for round in stride(from: 2, through: self.options.upsertRounds, by: 1) {
            // Every further round starts from nothing, as the first did: a fresh server on a fresh data directory.
            let directory = scratch.path + "/upsert-round-\(round)"
            let server = try await self.settings.start(dataPath: directory, connections: 2)
            do {
                try await ContainerSetup.create(server.client, ids: [EventContainer.container], warnings: &warnings)
                rounds.append(try await self.runRound(round, on: server, warnings: &warnings))
            } catch {
                _ = await server.stop()
                throw error
            }
            _ = await server.stop()
            if round == self.options.upsertRounds {
                treeShapes = try Self.treeShapes(at: directory, round: round)
            }
            try? FileManager.default.removeItem(atPath: directory)
        }
        let inProcess = try await self.runInProcess(scratch: scratch)
        ProgressReporter.log("  in-process: \(Format.rate(inProcess.perSecond)) events/s")
        // The median round by throughput stands for the row: the machine is shared, and one round can meet a
        // neighbour's burst.
        let median = rounds.sorted { $0.outcome.perSecond < $1.outcome.perSecond }[rounds.count / 2]
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
        return HTTPResultRow(
            number: "1",
            title: "Durable single-document upserts, \(self.options.clients) concurrent clients (one request per event, `Prefer: return=minimal`)",
            value: http.perSecond,
            unit: "events/s",
            latency: (http.summary, .milliseconds),
            details: details,
            target: .singleUpserts
        )
    }

    private func runRound(_ round: Int, on server: RunningServer, warnings: inout [String]) async throws -> Round {
        let workload = self.workload
        let requests = server.requests(container: EventContainer.container)
        let tally = OutcomeTally()
        let load = EventedLoad(
            concurrency: self.options.clients, count: workload.lineCount,
            deadline: MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9), unit: "events", port: server.port
        )
        let probe = try await PhaseProbe.begin(server)
        let http = try await load.run(progress: "single upserts over HTTP, \(self.options.clients) clients, round \(round)") { index in
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
            warnings.append("WARNING: single upserts (round \(round)) stopped at the \(Int(self.options.phaseSeconds)) s limit after "
                + "\(Format.integer(http.completed)) of \(Format.integer(workload.lineCount)) events")
        } else if let mismatch = tally.mismatch(distinct: workload.distinctCount, redelivered: workload.lineCount - workload.distinctCount,
                                                 what: "single upserts over HTTP (round \(round))") {
            warnings.append(mismatch)
        }
        return Round(outcome: http, tally: tally, server: server)
    }

    /// The B-trees a round's server left behind: a write touches a leaf and one page per level above it in each tree
    /// it changes, so their depths tell what a commit writes.
    private static func treeShapes(at directory: String, round: Int) throws -> String {
        // The server keeps its store in `store/` of its data directory, beside its TLS material.
        let storePath = directory + "/store"
        guard FileManager.default.fileExists(atPath: storePath + "/data.mdb") else {
            throw BenchmarkError("round \(round) left no store at \(storePath)")
        }
        let store = try DocumentStore(path: storePath, configuration: StoreConfiguration(sweepsExpiredDocuments: false))
        defer { store.close() }
        let statistics = try store.storageStatistics()
        let shapes = statistics.trees.filter { $0.entries > 0 && $0.keyspace != "catalog" }.map { tree in
            "\(tree.keyspace) \(tree.depth) levels, \(Format.integer(tree.leafPages)) leaves"
        }
        return "B-trees after round \(round) (as `cosmolite stat --storage` shows them): " + shapes.joined(separator: "; ")
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
