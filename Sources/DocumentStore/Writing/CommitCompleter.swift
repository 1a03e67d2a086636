/// Releases the callers of finished commits on a thread of its own, so that the writer starts the next commit at
/// once: resuming a caller hands its task to another thread (a lock and often a wake-up system call each), and
/// under load a commit carries a dozen or more callers.
///
/// Commits are released in order. ``stop()`` releases everything already handed over before it returns.
final class CommitCompleter: Sendable {
    /// One commit's callers with their results, and what to report about the commit first.
    struct Batch: Sendable {
        var requests: [WriteRequest]
        var results: [Result<any Sendable, any Error>]
        var report: (@Sendable () -> Void)?
    }

    private let worker = BatchWorker<Batch>(name: "cosmo-completer") { batches in
        for batch in batches {
            batch.report?()
            for (request, result) in zip(batch.requests, batch.results) {
                request.complete(result)
            }
        }
    }

    /// Hands over one commit's callers; they are released after every batch handed over before.
    func complete(_ batch: Batch) {
        let accepted = self.worker.offer(batch)
        // The writer stops the completer only after its own last commit, so nothing comes after a stop.
        precondition(accepted, "a commit was handed over after the completer stopped")
    }

    /// Releases what was handed over, then stops the thread.
    func stop() {
        self.worker.stop()
    }
}
