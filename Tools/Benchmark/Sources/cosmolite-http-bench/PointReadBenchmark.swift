import BenchmarkSupport
import CosmosClient
import JSON

/// Row 3: `GET .../docs/{id}` with the partition key header, for events drawn at random from those written: one
/// client reading one document after another (the latency a single caller sees), then many concurrent readers
/// (the throughput and the tail under load).
struct PointReadBenchmark {
    static let warmUpReads = 500

    let workload: EventWorkload
    let options: HTTPBenchmarkOptions
    let server: RunningServer
    let container: String

    func run(warnings: inout [String]) async throws -> [HTTPResultRow] {
        let workload = self.workload
        let requests = self.server.requests(container: self.container)
        let port = self.server.port
        var random = SeededRandom(seed: self.options.seed &+ 0x8EAD)
        let total = Self.warmUpReads + max(self.options.reads, self.options.concurrentReads)
        let picks = (0..<total).map { _ in workload.events[random.nextIndex(below: workload.distinctCount)] }
        let missing = SharedCounter()
        let judge: @Sendable (LoopbackConnection.Response) throws -> Void = { response in
            switch response.status {
            case 200: break
            case 404: missing.add()
            default: throw BenchmarkError("a point read answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            }
        }
        let read: @Sendable (LoopbackConnection, EventWorkload.Event) throws -> Void = { connection, event in
            try judge(connection.exchange(requests.read(id: event.eventId, partitionKey: event.deviceId)))
        }
        let deadline = MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9)
        let warmUp = ThreadedLoad(concurrency: 1, count: Self.warmUpReads, deadline: deadline, unit: "reads", port: port)
        _ = try await warmUp.run(progress: "point reads, warm-up") { try read($0, picks[$1]) }
        let singleProbe = try await PhaseProbe.begin(self.server)
        let single = try await ThreadedLoad(concurrency: 1, count: self.options.reads, deadline: deadline, unit: "reads", port: port)
            .run(progress: "point reads, 1 client") { try read($0, picks[Self.warmUpReads + $1]) }
        ProgressReporter.log("  p50 \(Format.decimal(single.summary.medianNanoseconds / 1_000, digits: 0)) µs, "
            + "p99 \(Format.decimal(single.summary.p99Nanoseconds / 1_000, digits: 0)) µs")
        let singleServer = try await singleProbe.end(operation: "ReadDocument", unit: .microseconds)
        let concurrentProbe = try await PhaseProbe.begin(self.server)
        let concurrentDeadline = MonotonicClock.nanoseconds() + UInt64(self.options.phaseSeconds * 1e9)
        let concurrent = try await EventedLoad(
            concurrency: self.options.clients, count: self.options.concurrentReads, deadline: concurrentDeadline, unit: "reads", port: port
        ).run(progress: "point reads, \(self.options.clients) clients") { index in
            let event = picks[Self.warmUpReads + index]
            return requests.read(id: event.eventId, partitionKey: event.deviceId)
        } check: { response, _ in
            try judge(response)
        }
        let concurrentServer = try await concurrentProbe.end(operation: "ReadDocument", unit: .microseconds)
        ProgressReporter.log("  \(Format.rate(concurrent.perSecond)) reads/s")
        if missing.value > 0 {
            warnings.append("WARNING: point reads: \(missing.value) reads answered 404 for a document that was written")
        }
        for (outcome, count, what) in [(single, self.options.reads, "1 client"), (concurrent, self.options.concurrentReads, "concurrent")]
        where outcome.hitDeadline {
            warnings.append("WARNING: point reads (\(what)) stopped at the \(Int(self.options.phaseSeconds)) s limit after "
                + "\(Format.integer(outcome.completed)) of \(Format.integer(count))")
        }
        return [
            HTTPResultRow(
                number: "3",
                title: "Point read (`GET` by id + partition key), 1 client, sequential",
                value: single.summary.p99Nanoseconds / 1_000,
                unit: "µs",
                latency: (single.summary, .microseconds),
                details: [
                    "\(Format.integer(single.completed)) reads of random documents after \(Self.warmUpReads) warm-up reads: "
                        + "\(Format.rate(single.perSecond)) reads/s",
                    singleServer,
                ],
                target: .pointReadP99
            ),
            HTTPResultRow(
                number: "3b",
                title: "Point reads, \(self.options.clients) concurrent clients",
                value: concurrent.perSecond,
                unit: "reads/s",
                latency: (concurrent.summary, .microseconds),
                details: [
                    "\(Format.integer(concurrent.completed)) reads in \(Format.decimal(concurrent.seconds, digits: 2)) s",
                    concurrentServer,
                ]
            ),
        ]
    }
}
