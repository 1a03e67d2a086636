import CosmosClient
import EventShapes
import JSON

/// Reads what the rules need with as little data movement as the query language allows:
/// 1. one aggregate per second of `_ts` (`GROUP BY c._ts`: events, summed latency) — a few hundred rows at most;
/// 2. `count(*)` as an aggregate;
/// 3. the partition key values (`SELECT DISTINCT VALUE`), then, for each partition, only its sequence numbers and
///    event ids (`SELECT VALUE [c.seq, c.id]` scoped to that partition key), several partitions at a time; the
///    distinct event ids are counted here, across partitions.
///
/// Cosmolite does not run `COUNT` over a `DISTINCT` subquery, and paging a container-wide `SELECT DISTINCT VALUE
/// c.eventId` costs a full scan per page (22 s for 150,000 events, measured), so the ids ride along with the sequence
/// numbers, which are read per partition anyway.
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
        /// Documents without a string id field (counted in count(*), not among the distinct ids).
        var rowsWithoutId: Int
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

        // 2. count(*).
        started = clock.now
        let total = try await self.count("SELECT VALUE COUNT(1) FROM c")
        steps.append(("count(*)", (clock.now - started).seconds, 1))

        // 3. Sequence numbers and ids per partition.
        started = clock.now
        let partitionValues = try await self.queryAll("SELECT DISTINCT VALUE \(self.field(self.shape.partitionField)) FROM c")
            .compactMap(\.stringValue).sorted()
        steps.append(("partition key values (DISTINCT)", (clock.now - started).seconds, partitionValues.count))
        started = clock.now
        let perPartitionQuery = "SELECT VALUE [\(self.field(self.shape.sequenceField)), \(self.field(self.shape.idField))] FROM c"
        var sequences: [String: StreamingChecks.SequenceCheck] = [:]
        var ids = Set<String>()
        ids.reserveCapacity(total)
        var rowsRead = 0
        var withoutId = 0
        try await withThrowingTaskGroup(of: (String, [JSONValue]).self) { group in
            var next = 0
            func launch(_ group: inout ThrowingTaskGroup<(String, [JSONValue]), any Error>) {
                let partition = partitionValues[next]
                next += 1
                group.addTask {
                    (partition, try await self.queryAll(perPartitionQuery, partitionKey: .array([.string(partition)])))
                }
            }
            while next < partitionValues.count && next < self.concurrency { launch(&group) }
            while let (partition, rows) = try await group.next() {
                rowsRead += rows.count
                var numbers: [Int64] = []
                numbers.reserveCapacity(rows.count)
                for row in rows {
                    // An undefined member is dropped from the array, so read the parts by type.
                    var hasId = false
                    for part in row.arrayValue ?? [] {
                        if let number = part.integerValue ?? part.doubleValue.map({ Int64($0) }) {
                            numbers.append(number)
                        } else if let id = part.stringValue {
                            ids.insert(id)
                            hasId = true
                        }
                    }
                    if !hasId { withoutId += 1 }
                }
                sequences[partition] = StreamingChecks.checkSequence(numbers)
                if next < partitionValues.count { launch(&group) }
            }
        }
        steps.append(("sequence numbers and ids, one query per partition", (clock.now - started).seconds, rowsRead))

        let observations = StreamingChecks.Observations(
            windows: StreamingChecks.windows(seconds, length: windowSeconds),
            totalEvents: total, distinctEvents: ids.count, sequences: sequences
        )
        return Result(observations: observations, seconds: seconds, steps: steps, rowsWithoutId: withoutId)
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

extension Duration {
    /// Seconds as a double.
    var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
