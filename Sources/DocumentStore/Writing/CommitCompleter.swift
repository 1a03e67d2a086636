import Foundation

/// Releases the callers of finished commits on a thread of its own, so that the writer starts the next commit at
/// once: resuming a caller hands its task to another thread (a lock and often a wake-up system call each), and
/// under load a commit carries a dozen or more callers.
///
/// Groups are released in commit order. ``stop()`` releases everything already handed over before it returns.
final class CommitCompleter: Sendable {
    /// One commit's callers with their results, and what to report about the commit first.
    struct Batch {
        var requests: [WriteRequest]
        var results: [Result<any Sendable, any Error>]
        var report: (@Sendable () -> Void)?
    }

    private let lock = ConditionLock()
    private let queue = QueueState()
    private let stopped = DispatchSemaphore(value: 0)

    /// Batches handed over and the stop flag; touched only under `lock`.
    // @unchecked Sendable: every access happens inside `lock.withLock`.
    private final class QueueState: @unchecked Sendable {
        var batches: [Batch] = []
        var stopping = false
    }

    init() {
        let thread = Thread { [self] in self.run() }
        thread.name = "cosmolite-completer"
        thread.start()
    }

    /// Hands over one commit's callers; they are released after every batch handed over before.
    func complete(_ batch: Batch) {
        self.lock.withLock {
            self.queue.batches.append(batch)
            self.lock.signal()
        }
    }

    /// Releases what was handed over, then stops the thread.
    func stop() {
        let wasRunning = self.lock.withLock {
            let wasRunning = !self.queue.stopping
            self.queue.stopping = true
            self.lock.signal()
            return wasRunning
        }
        if wasRunning {
            self.stopped.wait()
        }
    }

    private func run() {
        while true {
            let batches: [Batch] = self.lock.withLock {
                while self.queue.batches.isEmpty && !self.queue.stopping {
                    self.lock.wait()
                }
                defer { self.queue.batches.removeAll(keepingCapacity: true) }
                return self.queue.batches
            }
            if batches.isEmpty { break }
            for batch in batches {
                batch.report?()
                for (request, result) in zip(batch.requests, batch.results) {
                    request.complete(result)
                }
            }
        }
        self.stopped.signal()
    }
}
