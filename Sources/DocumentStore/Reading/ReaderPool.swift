import Foundation

/// The threads that run reads for async callers, so that a long query never occupies the caller's executor (in the
/// server, an event loop).
///
/// A fixed set of threads that sleep on a condition variable without a timeout: an idle store wakes nothing. (A
/// concurrent `DispatchQueue` did the same work, but using libdispatch's thread pool on Linux starts its once-a-second
/// worker monitor, which kept an idle server waking up.) Threads start with the first read and end when the store
/// closes; reads queued after that fail.
final class ReaderPool: Sendable {
    private let threadCount: Int
    private let lock = ConditionLock()
    private let state = PoolState()

    /// Queued jobs and the lifecycle flags; touched only under `lock`.
    // @unchecked Sendable: every access happens inside `lock.withLock`.
    private final class PoolState: @unchecked Sendable {
        var jobs: [@Sendable () -> Void] = []
        var nextJob = 0
        var started = false
        var stopping = false
        var running = 0
    }

    init(threadCount: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.threadCount = threadCount
    }

    /// Runs `job` on a reader thread; returns `false` (without running it) once the pool has stopped.
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        let (accepted, startThreads) = self.lock.withLock { () -> (Bool, Bool) in
            guard !self.state.stopping else { return (false, false) }
            self.state.jobs.append(job)
            let startThreads = !self.state.started
            self.state.started = true
            if startThreads { self.state.running = self.threadCount }
            self.lock.signal()
            return (true, startThreads)
        }
        if startThreads {
            for index in 0..<self.threadCount {
                NamedThread.start("cosmo-reader-\(index)") { [self] in self.run() }
            }
        }
        return accepted
    }

    /// Lets queued reads finish, then ends the threads.
    func stop() {
        self.lock.withLock {
            self.state.stopping = true
            self.lock.broadcast()
        }
    }

    private func run() {
        while true {
            let job: (@Sendable () -> Void)? = self.lock.withLock {
                while self.state.nextJob == self.state.jobs.count && !self.state.stopping {
                    self.lock.wait()
                }
                guard self.state.nextJob < self.state.jobs.count else {
                    self.state.running -= 1
                    return nil
                }
                let job = self.state.jobs[self.state.nextJob]
                self.state.nextJob += 1
                if self.state.nextJob == self.state.jobs.count {
                    self.state.jobs.removeAll(keepingCapacity: true)
                    self.state.nextJob = 0
                }
                return job
            }
            guard let job else { return }
            job()
        }
    }
}
