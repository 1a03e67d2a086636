import Foundation
import Synchronization

/// The background thread that removes expired documents and the data of deleted containers.
///
/// It sleeps until the earliest expiry in the store (or until a write or a container deletion wakes it), sweeps in
/// bounded batches so the writer is never held for long, and goes back to sleep. With nothing due it sleeps without
/// a timer: an idle store uses no CPU.
final class ExpirySweeper: Sendable {
    private let lock = ConditionLock()
    private let state = Mutex(SweeperState())
    private let stopped = DispatchSemaphore(value: 0)

    private struct SweeperState {
        var store: WeakStore?
        var woken = false
        var stopping = false
        var thread: pthread_t?
        var running = false
    }

    /// A weak reference, so that the thread does not keep the store alive.
    private struct WeakStore: @unchecked Sendable {
        // @unchecked Sendable: DocumentStore is Sendable; the box only adds weakness.
        weak var store: DocumentStore?
    }

    func start(store: DocumentStore) {
        self.state.withLock {
            $0.store = WeakStore(store: store)
            $0.running = true
        }
        NamedThread.start("cosmo-sweeper") { [self] in self.run() }
    }

    /// Asks for a sweep soon (new expiry entries, a deleted container).
    func wake() {
        self.lock.withLock {
            self.state.withLock { $0.woken = true }
            self.lock.signal()
        }
    }

    func stop() {
        let (wasRunning, isSelf) = self.lock.withLock {
            self.lock.signal()
            return self.state.withLock { state -> (Bool, Bool) in
                let wasRunning = state.running && !state.stopping
                state.stopping = true
                let isSelf = state.thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
                return (wasRunning, isSelf)
            }
        }
        if wasRunning && !isSelf {
            self.stopped.wait()
        }
    }

    private func run() {
        self.state.withLock { $0.thread = pthread_self() }
        defer {
            self.state.withLock { $0.running = false }
            self.stopped.signal()
        }
        while true {
            var nextDue: Int64?
            do {
                guard let store = self.state.withLock({ $0.stopping ? nil : $0.store?.store }) else { return }
                let limit = store.configuration.sweepBatchSize
                let report = try store.sweep(limit: limit)
                if report.expiredDocuments > 0 || report.purgedKeys > 0 {
                    store.configuration.onSweep?(report)
                }
                if report.expiredDocuments >= limit || report.purgedKeys >= limit {
                    continue
                }
                nextDue = try store.read { try $0.earliestExpiry() }
            } catch {
                // The store is closing (or failed); try again after a pause unless asked to stop.
                nextDue = StoreConfiguration.systemClock() + 1000
            }
            self.lock.withLock {
                while true {
                    let (stopping, woken) = self.state.withLock { ($0.stopping, $0.woken) }
                    if stopping || woken { break }
                    if let nextDue {
                        if StoreConfiguration.systemClock() >= nextDue { break }
                        self.lock.wait(untilMillis: nextDue)
                    } else {
                        self.lock.wait()
                    }
                }
                self.state.withLock { $0.woken = false }
            }
            if self.state.withLock({ $0.stopping }) { return }
        }
    }
}

extension DocumentStore {
    /// Wakes the sweeper to purge a deleted container's data.
    func sweeperShouldPurge() {
        self.sweeperIfRunning?.wake()
    }
}
