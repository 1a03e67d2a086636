import CosmosClient
import EventShapes
import JSON

/// Delivers groups of emissions (one event for the REST sink, up to 100 events of one partition for the batch sink)
/// and records the outcome in the run statistics. Never throws: every failure is counted there.
protocol Sender: Sendable {
    func deliver(_ emissions: [Emission], createdAt: [ContinuousClock.Instant]) async
}

/// Retries on 429 (throttled) and 503 (unavailable) with exponential back-off; any other error ends the attempt.
struct RetryPolicy: Sendable {
    var maximumAttempts = 10
    var initialDelay: Duration = .milliseconds(10)
    var maximumDelay: Duration = .seconds(1)

    static func isRetryable(status: Int) -> Bool { status == 429 || status == 503 }

    func delay(afterAttempt attempt: Int) -> Duration {
        var delay = self.initialDelay
        for _ in 1..<max(1, attempt) where delay < self.maximumDelay { delay *= 2 }
        return min(delay, self.maximumDelay)
    }
}

/// Thrown inside an attempt when a batch answered 200/207 but an operation failed or the answer does not fit the batch.
private struct BatchFailure: Error {
    let reason: String
}

/// Thrown inside an attempt when a batch answered per-operation 429/503 (an atomic batch then committed nothing,
/// so sending it again is safe).
private struct RetryableBatchStatus: Error {
    let status: Int
}

/// Runs `attempt` until it succeeds, fails for good, or runs out of attempts; answers the failure reason or `nil`.
private func runWithRetries(_ policy: RetryPolicy, statistics: RunStatistics, _ attempt: () async throws -> Void) async -> String? {
    var attempts = 0
    while true {
        attempts += 1
        do {
            try await attempt()
            return nil
        } catch let error as CosmosRESTClient.ResponseError where RetryPolicy.isRetryable(status: error.status) {
            if attempts >= policy.maximumAttempts { return "HTTP \(error.status) after \(attempts) attempts" }
        } catch let error as RetryableBatchStatus {
            if attempts >= policy.maximumAttempts { return "batch operation status \(error.status) after \(attempts) attempts" }
        } catch let error as BatchFailure {
            return error.reason
        } catch let error as CosmosRESTClient.ResponseError {
            return "HTTP \(error.status): \(error.body.prefix(200))"
        } catch {
            return "\(type(of: error)): \(String(describing: error).prefix(200))"
        }
        statistics.retried()
        try? await Task.sleep(for: policy.delay(afterAttempt: attempts))
    }
}

/// One upsert per event (`POST .../docs` with `x-ms-documentdb-is-upsert: True`).
struct RESTSender: Sender {
    let client: CosmosRESTClient
    let database: String
    let container: String
    let statistics: RunStatistics
    let retryPolicy: RetryPolicy

    func deliver(_ emissions: [Emission], createdAt: [ContinuousClock.Instant]) async {
        for (emission, created) in zip(emissions, createdAt) {
            let started = ContinuousClock.now
            let failure = await runWithRetries(self.retryPolicy, statistics: self.statistics) {
                try await self.client.upsert(database: self.database, container: self.container, document: emission.event.body,
                                             partitionKey: [.string(emission.event.partitionKey)])
            }
            let now = ContinuousClock.now
            if let failure {
                self.statistics.failed(events: 1, reason: failure)
            } else {
                self.statistics.acknowledged(events: 1, requestMicroseconds: (now - started).microseconds,
                                             eventMicroseconds: [(now - created).microseconds], at: now)
            }
        }
    }
}

/// One atomic transactional batch of upserts per group (all events of one partition key, at most 100).
struct BatchSender: Sender {
    let client: CosmosRESTClient
    let database: String
    let container: String
    let statistics: RunStatistics
    let retryPolicy: RetryPolicy

    func deliver(_ emissions: [Emission], createdAt: [ContinuousClock.Instant]) async {
        guard let first = emissions.first else { return }
        let started = ContinuousClock.now
        let documents = emissions.map(\.event.body)
        let failure = await runWithRetries(self.retryPolicy, statistics: self.statistics) {
            let statuses = try await self.client.batchUpsert(database: self.database, container: self.container, documents: documents,
                                                             partitionKey: [.string(first.event.partitionKey)])
            if let retryable = statuses.first(where: RetryPolicy.isRetryable(status:)) {
                throw RetryableBatchStatus(status: retryable)
            }
            if let bad = statuses.first(where: { !(200...299).contains($0) && $0 != 424 }) ?? statuses.first(where: { !(200...299).contains($0) }) {
                throw BatchFailure(reason: "transactional batch failed: operation status \(bad) (statuses \(Set(statuses).sorted()))")
            }
            guard statuses.count == documents.count else {
                throw BatchFailure(reason: "the batch answered \(statuses.count) results for \(documents.count) operations")
            }
        }
        let now = ContinuousClock.now
        if let failure {
            self.statistics.failed(events: emissions.count, reason: failure)
        } else {
            self.statistics.acknowledged(events: emissions.count, requestMicroseconds: (now - started).microseconds,
                                         eventMicroseconds: createdAt.map { (now - $0).microseconds }, at: now)
        }
    }
}

extension Duration {
    /// Whole microseconds.
    var microseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    /// Seconds as a double.
    var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
