import Foundation

/// A thread of its own that takes queued items in batches, in order: whatever queued while the previous batch was
/// being handled becomes the next batch (at most `maximumBatch` items). The group-commit writer and the commit
/// completer are both one.
///
/// ``stop()`` lets the thread handle everything already queued, then ends it; items offered afterwards are refused.
final class BatchWorker<Item: Sendable>: Sendable {
    private let lock = ConditionLock()
    private let queue = QueueState()
    private let stopped = DispatchSemaphore(value: 0)

    /// Queued items and the stop flag; touched only under `lock`.
    // @unchecked Sendable: every access happens inside `lock.withLock`.
    private final class QueueState: @unchecked Sendable {
        var pending: [Item] = []
        var stopping = false
    }

    /// Starts the thread; `handle` runs on it with each batch (never empty).
    init(name: String, stackSize: Int? = nil, maximumBatch: Int = .max, handle: @escaping @Sendable ([Item]) -> Void) {
        NamedThread.start(name, stackSize: stackSize) { [self] in self.run(maximumBatch: maximumBatch, handle: handle) }
    }

    /// Queues `item`; answers `false` (and queues nothing) once ``stop()`` has been called.
    func offer(_ item: Item) -> Bool {
        self.lock.withLock {
            guard !self.queue.stopping else { return false }
            self.queue.pending.append(item)
            self.lock.signal()
            return true
        }
    }

    /// Whether items are still taken (``stop()`` has not been called).
    var isRunning: Bool {
        self.lock.withLock { !self.queue.stopping }
    }

    /// Handles every queued item, then stops the thread; answers whether this call stopped it (`false` when it had
    /// been stopped before).
    @discardableResult
    func stop() -> Bool {
        let wasRunning = self.lock.withLock {
            let wasRunning = !self.queue.stopping
            self.queue.stopping = true
            self.lock.signal()
            return wasRunning
        }
        if wasRunning {
            self.stopped.wait()
        }
        return wasRunning
    }

    private func run(maximumBatch: Int, handle: @Sendable ([Item]) -> Void) {
        while true {
            let batch: [Item]? = self.lock.withLock {
                while self.queue.pending.isEmpty && !self.queue.stopping {
                    self.lock.wait()
                }
                if self.queue.pending.isEmpty { return nil }
                let count = min(self.queue.pending.count, maximumBatch)
                let batch = Array(self.queue.pending.prefix(count))
                self.queue.pending.removeFirst(count)
                return batch
            }
            guard let batch else { break }
            handle(batch)
        }
        self.stopped.signal()
    }
}
