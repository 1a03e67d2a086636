import BenchmarkSupport
import CosmosClient
import DocumentStore
import Foundation
import JSON

/// Row 5: how long a server takes from the spawn of its process to the first `GET /ready` that answers 200, on a
/// data directory that already holds a million documents: what a restart costs. The data directory is built
/// untimed through the in-process API (relaxed durability: only the stored result matters), closed, and then served
/// several times; each server is stopped before the next starts.
struct StartupBenchmark {
    static let buildBatchSize = 1_000

    let options: HTTPBenchmarkOptions
    let settings: ServerSettings

    func run(scratch: TemporaryDirectory, warnings: inout [String]) async throws -> HTTPResultRow {
        let dataPath = scratch.path + "/startup-data"
        let build = try self.buildDataSet(at: dataPath)
        let bytes = Self.directorySize(dataPath)
        var readySeconds: [Double] = []
        var portSeconds: [Double] = []
        var stopSeconds: [Double] = []
        var progress = ProgressReporter()
        progress.begin("start-up to ready, \(self.options.startupRuns) starts with \(Format.integer(build.documents)) documents")
        for run in 0..<self.options.startupRuns {
            let server = try await self.settings.start(dataPath: dataPath, connections: 1)
            let ready = MonotonicClock.nanoseconds()
            readySeconds.append(Double(ready - server.process.spawnedAt) / 1e9)
            if let announced = server.process.log.portAnnouncedAt {
                portSeconds.append(Double(announced - server.process.spawnedAt) / 1e9)
            }
            if run == 0 {
                do {
                    let count = try await server.client.query(database: EventContainer.database, container: EventContainer.container,
                                                              query: "SELECT VALUE COUNT(1) FROM c")
                    if count.rows.first?.integerValue != Int64(build.documents) {
                        warnings.append("WARNING: start-up: the server counts \(count.rows.first.map { "\($0)" } ?? "nothing") documents, "
                            + "expected \(build.documents)")
                    }
                } catch {
                    await Self.stop(server, into: &stopSeconds, warnings: &warnings)
                    throw error
                }
            }
            await Self.stop(server, into: &stopSeconds, warnings: &warnings)
            ProgressReporter.log("  start \(run + 1): ready after \(Format.decimal(readySeconds[run] * 1_000, digits: 1)) ms")
        }
        let median = Self.median(readySeconds)
        progress.finish("median \(Format.decimal(median * 1_000, digits: 1)) ms")
        return HTTPResultRow(
            number: "5",
            title: "Start-up to ready (process spawn to first `GET /ready` 200) with \(Format.integer(build.documents)) documents, "
                + "median of \(readySeconds.count)",
            value: median,
            unit: "s",
            details: [
                "each start: " + readySeconds.map { Format.decimal($0 * 1_000, digits: 1) }.joined(separator: ", ") + " ms",
                "port logged after \(Format.decimal(Self.median(portSeconds) * 1_000, digits: 1)) ms (median)",
                "data directory \(Format.decimal(Double(bytes) / 1e9, digits: 2)) GB, built untimed in \(Format.decimal(build.seconds, digits: 0)) s, "
                    + "page cache warm",
                "graceful stop (SIGTERM to exit) \(Format.decimal(Self.median(stopSeconds) * 1_000, digits: 0)) ms (median)",
            ],
            target: .startup
        )
    }

    private static func stop(_ server: RunningServer, into stopSeconds: inout [Double], warnings: inout [String]) async {
        let (status, seconds) = await server.stop()
        stopSeconds.append(seconds)
        if status != 0 {
            warnings.append("WARNING: start-up: the server exited with \(status.map(String.init) ?? "nothing (killed)") after SIGTERM")
        }
    }

    /// Writes `startupDocuments` distinct events (the generator's stream, never all in memory) into `<path>/store`.
    private func buildDataSet(at path: String) throws -> (documents: Int, seconds: Double) {
        let store = try InProcessStore(path: path + "/store", durability: .relaxed)
        defer { store.close() }
        let lines = EventGenerator.lineCount(forDistinctEvents: self.options.startupDocuments)
        var stream = EventGenerator(lineCount: lines, seed: self.options.seed &+ 1).stream()
        var progress = ProgressReporter()
        progress.begin("build the start-up data set: \(Format.integer(self.options.startupDocuments)) documents (untimed)")
        let start = MonotonicClock.nanoseconds()
        var batch: [[UInt8]] = []
        batch.reserveCapacity(Self.buildBatchSize)
        var done = 0
        var created = 0
        while let line = stream.next() {
            batch.append(line.bytes)
            if batch.count == Self.buildBatchSize {
                created += try store.container.ingest(batch).created
                done += batch.count
                batch.removeAll(keepingCapacity: true)
                progress.update(done: done, total: lines)
            }
        }
        if !batch.isEmpty {
            created += try store.container.ingest(batch).created
        }
        let seconds = MonotonicClock.seconds(since: start)
        progress.finish("\(Format.integer(created)) documents")
        guard created == self.options.startupDocuments else {
            throw BenchmarkError("the start-up data set holds \(created) documents instead of \(self.options.startupDocuments)")
        }
        return (created, seconds)
    }

    private static func directorySize(_ path: String) -> Int {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var total = 0
        while let file = enumerator?.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + file)
            total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
        }
        return total
    }

    private static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
