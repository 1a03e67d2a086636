import Foundation
import LMDB

/// The single writer: a dedicated thread that commits queued writes in groups.
///
/// Callers never block each other on LMDB's write lock. Whatever queued while the previous commit was syncing goes
/// into the next write transaction together; each request runs in a nested transaction of its own, so one failing
/// request rolls back only itself. Every caller is released after the commit carrying its write has returned (and,
/// with durable settings, reached the disk), with its own result, by a ``CommitCompleter`` while the next commit runs.
final class GroupCommitWriter: Sendable {
    private let environment: Environment
    private let keyspaces: StoreKeyspaces
    private let catalog: Catalog
    private let clock: @Sendable () -> Int64
    private let maximumGroupSize: Int
    private let onCommit: (@Sendable (CommitReport) -> Void)?
    private let lock = ConditionLock()
    private let queue = QueueState()
    private let stopped = DispatchSemaphore(value: 0)
    private let completer = CommitCompleter()

    /// Pending requests and the stop flag; touched only under `lock`.
    // @unchecked Sendable: every access happens inside `lock.withLock`.
    private final class QueueState: @unchecked Sendable {
        var pending: [WriteRequest] = []
        var stopping = false
    }

    init(
        environment: Environment,
        keyspaces: StoreKeyspaces,
        catalog: Catalog,
        clock: @escaping @Sendable () -> Int64,
        maximumGroupSize: Int = 1000,
        onCommit: (@Sendable (CommitReport) -> Void)?
    ) {
        self.environment = environment
        self.keyspaces = keyspaces
        self.catalog = catalog
        self.clock = clock
        self.maximumGroupSize = maximumGroupSize
        self.onCommit = onCommit
        let thread = Thread { [self] in self.run() }
        thread.name = "cosmolite-writer"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues `request`; fails it at once when the writer has stopped.
    func enqueue(_ request: WriteRequest) {
        let accepted = self.lock.withLock {
            guard !self.queue.stopping else { return false }
            self.queue.pending.append(request)
            self.lock.signal()
            return true
        }
        if !accepted {
            request.complete(.failure(StoreError(.unavailable, "the store is closed")))
        }
    }

    /// Whether writes are still queued (``stop()`` has not been called).
    var isAcceptingWrites: Bool {
        self.lock.withLock { !self.queue.stopping }
    }

    /// Finishes every queued write, then stops the thread. Later writes fail with `unavailable`.
    func stop() {
        let wasRunning = self.lock.withLock {
            let wasRunning = !self.queue.stopping
            self.queue.stopping = true
            self.lock.signal()
            return wasRunning
        }
        if wasRunning {
            self.stopped.wait()
            self.completer.stop()
        }
    }

    private func run() {
        while true {
            let group: [WriteRequest]? = self.lock.withLock {
                while self.queue.pending.isEmpty && !self.queue.stopping {
                    self.lock.wait()
                }
                if self.queue.pending.isEmpty { return nil }
                let count = min(self.queue.pending.count, self.maximumGroupSize)
                let group = Array(self.queue.pending.prefix(count))
                self.queue.pending.removeFirst(count)
                return group
            }
            guard let group else { break }
            self.commit(group)
        }
        self.stopped.signal()
    }

    private func commit(_ group: [WriteRequest]) {
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
                        if transaction.mapIsFull || Self.isStorageFailure(error) { throw error }
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
            let failure = Self.storeError(error)
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
