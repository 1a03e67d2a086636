import Foundation
import LMDB

/// The single writer: a dedicated thread that commits queued writes in groups.
///
/// Callers never block each other on LMDB's write lock. Whatever queued while the previous commit was syncing goes
/// into the next write transaction together; each request runs in a nested transaction of its own, so one failing
/// request rolls back only itself. Every caller is released after the commit carrying its write has returned (and,
/// with durable settings, reached the disk), with its own result, by a ``CommitCompleter`` while the next commit runs.
final class GroupCommitWriter: Sendable {
    private let worker: BatchWorker<WriteRequest>
    private let completer: CommitCompleter

    init(
        environment: Environment,
        keyspaces: StoreKeyspaces,
        catalog: Catalog,
        clock: @escaping @Sendable () -> Int64,
        maximumGroupSize: Int = 1000,
        onCommit: (@Sendable (CommitReport) -> Void)?
    ) {
        let completer = CommitCompleter()
        let committer = Committer(environment: environment, keyspaces: keyspaces, catalog: catalog, clock: clock, onCommit: onCommit,
                                  completer: completer)
        self.completer = completer
        self.worker = BatchWorker(name: "cosmo-writer", stackSize: 8 << 20, maximumBatch: maximumGroupSize) { group in
            committer.commit(group)
        }
    }

    /// Queues `request`; fails it at once when the writer has stopped.
    func enqueue(_ request: WriteRequest) {
        if !self.worker.offer(request) {
            request.complete(.failure(StoreError(.unavailable, "the store is closed")))
        }
    }

    /// Whether writes are still queued (``stop()`` has not been called).
    var isAcceptingWrites: Bool {
        self.worker.isRunning
    }

    /// Finishes every queued write, then stops the thread. Later writes fail with `unavailable`.
    func stop() {
        if self.worker.stop() {
            self.completer.stop()
        }
    }

    /// What a commit needs, apart from the group: the writer thread runs ``commit(_:)`` with each group.
    private struct Committer: Sendable {
        let environment: Environment
        let keyspaces: StoreKeyspaces
        let catalog: Catalog
        let clock: @Sendable () -> Int64
        let onCommit: (@Sendable (CommitReport) -> Void)?
        let completer: CommitCompleter

        func commit(_ group: [WriteRequest]) {
            let started = DispatchTime.now().uptimeNanoseconds
            var results: [Result<any Sendable, any Error>] = []
            var statistics = WriteStatistics()
            do {
                try self.environment.write { transaction in
                    results = []
                    var session = try WriteSession(keyspaces: self.keyspaces, catalog: self.catalog, nowMillis: self.clock(), transaction: transaction)
                    for request in group {
                        let checkpoint = session.checkpoint()
                        do {
                            let value: any Sendable
                            if request.isolated && group.count > 1 {
                                value = try transaction.withNestedTransaction { child in try request.body(child, &session) }
                            } else {
                                value = try request.body(transaction, &session)
                            }
                            results.append(.success(value))
                        } catch {
                            // A storage failure leaves the transaction unusable: the whole group fails (or, for a full
                            // map, runs again).
                            if transaction.mapIsFull || GroupCommitWriter.isStorageFailure(error) { throw error }
                            if request.isolated {
                                // Alone in the transaction, abort it; in a group, its nested transaction was rolled back,
                                // so undo its session changes too.
                                if group.count == 1 { throw error }
                                session.restore(checkpoint)
                            }
                            // A non-isolated request threw before writing anything of its own (it may have removed an
                            // expired document on the way, consistently with the session), so the rest stands.
                            results.append(.failure(error))
                        }
                    }
                    try session.flushStates(in: transaction)
                    statistics = session.statistics
                }
            } catch {
                let failure = GroupCommitWriter.storeError(error)
                if group.count == 1 {
                    results = [.failure(failure)]
                } else {
                    // The whole transaction failed: requests that had succeeded inside it did not happen.
                    results = group.indices.map { index in
                        if index < results.count, case .failure(let own) = results[index] { return .failure(own) }
                        return .failure(failure)
                    }
                }
                statistics = WriteStatistics()
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let report = CommitReport(requests: group.count, statistics: statistics, seconds: seconds)
            var announce: (@Sendable () -> Void)?
            if let onCommit = self.onCommit {
                announce = { onCommit(report) }
            }
            self.completer.complete(CommitCompleter.Batch(requests: group, results: results, report: announce))
        }
    }

    static func isStorageFailure(_ error: any Error) -> Bool {
        error is LMDBError || (error as? StoreError)?.underlying is LMDBError
    }

    /// Store errors pass through; LMDB errors become store errors with a message for the user.
    static func storeError(_ error: any Error) -> any Error {
        guard let lmdbError = error as? LMDBError else { return error }
        if lmdbError == .mapFull {
            return StoreError(.storageFull, "the store has reached its maximum size", underlying: lmdbError)
        }
        return StoreError(.internalError, "the storage engine failed: \(lmdbError.message)", underlying: lmdbError)
    }
}
