import CosmosClient
import EventShapes
import JSON

/// Reads what the rules need with as little data movement as the query language allows:
/// 1. one aggregate per second of `_ts` (`GROUP BY c._ts`: events, summed latency) — a few dozen rows for a short run;
/// 2. `count(*)` and the number of distinct event ids (a `DISTINCT` subquery counted server-side when the endpoint
///    supports it, otherwise the distinct ids paged through and counted here);
/// 3. the partition key values (`SELECT DISTINCT VALUE`), then, for each partition, only its sequence numbers
///    (`SELECT VALUE c.seq` scoped to that partition key), several partitions at a time.
struct ContainerReader: Sendable {
    let client: CosmosRESTClient
    let database: String
    let container: String
    let shape: EventShape
    let concurrency: Int

    struct Result: Sendable {
        var observations: StreamingChecks.Observations
        var seconds: [StreamingChecks.SecondSample]
        /// How each step went: name, seconds, rows read.
        var steps: [(name: String, seconds: Double, rows: Int)]
        var distinctCountedServerSide: Bool
    }

    struct UnexpectedAnswer: Error, CustomStringConvertible {
        let description: String
    }

    private func field(_ name: String) -> String {
        "c[\"\(name)\"]"
    }

    func read(windowSeconds: Int64) async throws -> Result {
        var steps: [(String, Double, Int)] = []
        let clock = ContinuousClock()

        // 1. Per second of _ts.
        var started = clock.now
        let created = self.field(self.shape.createdAtField)
        let perSecondQuery = "SELECT c._ts AS ts, COUNT(1) AS events, "
            + "SUM(c._ts - DateTimeToTimestamp(\(created)) / 1000) AS latencySum, "
            + "COUNT(DateTimeToTimestamp(\(created))) AS latencyCount FROM c GROUP BY c._ts"
        let rows = try await self.queryAll(perSecondQuery)
        var bySecond: [Int64: StreamingChecks.SecondSample] = [:]
        for row in rows {
            guard let second = row["ts"]?.integerValue else {
                throw UnexpectedAnswer(description: "a per-second row has no integer ts: \(row)")
            }
            var sample = bySecond[second] ?? StreamingChecks.SecondSample(second: second, events: 0, latencySumSeconds: 0, latencyCount: 0)
            sample.events += Int(row["events"]?.integerValue ?? 0)
            sample.latencySumSeconds += row["latencySum"]?.doubleValue ?? 0
            sample.latencyCount += Int(row["latencyCount"]?.integerValue ?? 0)
            bySecond[second] = sample
        }
        let seconds = bySecond.values.sorted { $0.second < $1.second }
        steps.append(("per-second aggregate (GROUP BY c._ts)", (clock.now - started).seconds, rows.count))

        // 2. count(*) and count(distinct id).
        started = clock.now
        let total = try await self.count("SELECT VALUE COUNT(1) FROM c")
        steps.append(("count(*)", (clock.now - started).seconds, 1))
        started = clock.now
        let idField = self.field(self.shape.idField)
        var distinct: Int
        var serverSide = true
        do {
            distinct = try await self.count("SELECT VALUE COUNT(1) FROM (SELECT DISTINCT VALUE \(idField) FROM c)")
            steps.append(("count(distinct \(self.shape.idField)) (server-side)", (clock.now - started).seconds, 1))
        } catch let error as CosmosRESTClient.ResponseError where error.status == 400 {
            serverSide = false
            let ids = try await self.queryAll("SELECT DISTINCT VALUE \(idField) FROM c")
            distinct = Set(ids.compactMap(\.stringValue)).count
            steps.append(("count(distinct \(self.shape.idField)) (paged DISTINCT)", (clock.now - started).seconds, ids.count))
        }

        // 3. Sequence numbers per partition.
        started = clock.now
        let partitionValues = try await self.queryAll("SELECT DISTINCT VALUE \(self.field(self.shape.partitionField)) FROM c")
            .compactMap(\.stringValue).sorted()
        steps.append(("partition key values (DISTINCT)", (clock.now - started).seconds, partitionValues.count))
        started = clock.now
        let sequenceQuery = "SELECT VALUE \(self.field(self.shape.sequenceField)) FROM c"
        var sequences: [String: StreamingChecks.SequenceCheck] = [:]
        var sequenceRows = 0
        try await withThrowingTaskGroup(of: (String, [Int64]).self) { group in
            var next = 0
            func launch(_ group: inout ThrowingTaskGroup<(String, [Int64]), any Error>) {
                let partition = partitionValues[next]
                next += 1
                group.addTask {
                    let values = try await self.queryAll(sequenceQuery, partitionKey: .array([.string(partition)]))
                    return (partition, values.compactMap { $0.integerValue ?? $0.doubleValue.map { Int64($0) } })
                }
            }
            while next < partitionValues.count && next < self.concurrency { launch(&group) }
            while let (partition, numbers) = try await group.next() {
                sequenceRows += numbers.count
                sequences[partition] = StreamingChecks.checkSequence(numbers)
                if next < partitionValues.count { launch(&group) }
            }
        }
        steps.append(("sequence numbers, one query per partition", (clock.now - started).seconds, sequenceRows))

        let observations = StreamingChecks.Observations(
            windows: StreamingChecks.windows(seconds, length: windowSeconds),
            totalEvents: total, distinctEvents: distinct, sequences: sequences
        )
        return Result(observations: observations, seconds: seconds, steps: steps, distinctCountedServerSide: serverSide)
    }

    private func queryAll(_ query: String, partitionKey: JSONValue? = nil) async throws -> [JSONValue] {
        var rows: [JSONValue] = []
        var continuation: String?
        repeat {
            let page = try await self.client.query(database: self.database, container: self.container, query: query,
                                                   partitionKey: partitionKey, maxItemCount: 10_000, continuation: continuation)
            rows += page.rows
            continuation = page.continuation
        } while continuation != nil
        return rows
    }

    private func count(_ query: String) async throws -> Int {
        // A cross-partition aggregate may come back as one partial count per page or range; add them up.
        let rows = try await self.queryAll(query)
        var total: Int64 = 0
        for row in rows {
            guard let value = row.integerValue else { throw UnexpectedAnswer(description: "\(query) answered \(row)") }
            total += value
        }
        return Int(total)
    }
}
