import BenchmarkSupport
import Foundation
import Synchronization

/// Runs `count` numbered requests from `concurrency` threads, each with a ``LoopbackConnection`` of its own, taking
/// the next number from a shared counter and timing every request; stops early at `deadline`. The threaded twin of
/// ``ConcurrentLoad`` for blocking clients: a blocked thread costs nothing, where a blocked task would hold one of
/// the cooperative pool's two threads. The one-client latency rows use it (an operation may take several requests,
/// as a query's pages do); the many-client rows use ``EventedLoad``, which wakes once for many answers.
struct ThreadedLoad: Sendable {
    let concurrency: Int
    let count: Int
    /// ``MonotonicClock`` nanoseconds after which no new request starts.
    let deadline: UInt64
    /// What the progress lines call one request.
    let unit: String
    let port: Int

    /// What the threads hand back: their latencies, or the first error.
    private final class Collected: Sendable {
        struct State {
            var latencies: [UInt64] = []
            var error: (any Error)?
            var running: Int
            var finished: CheckedContinuation<Void, Never>?
        }

        let state: Mutex<State>

        init(threads: Int) {
            self.state = Mutex(State(running: threads))
        }
    }

    /// Runs the load; the first error stops every thread and is rethrown.
    func run(progress label: String, _ request: @escaping @Sendable (LoopbackConnection, Int) throws -> Void) async throws -> ConcurrentLoad.Outcome {
        let next = SharedCounter()
        let completed = SharedCounter()
        let failures = SharedCounter()
        let collected = Collected(threads: self.concurrency)
        let (count, deadline, port) = (self.count, self.deadline, self.port)
        let connections = try (0..<self.concurrency).map { _ in try LoopbackConnection(port: port) }
        let reporter = ProgressReporter.reportingTask(label, done: completed, total: count, unit: self.unit)
        defer { reporter.cancel() }
        let start = MonotonicClock.nanoseconds()
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            collected.state.withLock { $0.finished = finished }
            for connection in connections {
                // The connection is used by this thread only, from here on.
                nonisolated(unsafe) let connection = connection
                let thread = Thread {
                    var own: [UInt64] = []
                    var failure: (any Error)?
                    while failures.value == 0 {
                        let index = next.add()
                        guard index < count, MonotonicClock.nanoseconds() < deadline else { break }
                        let begin = MonotonicClock.nanoseconds()
                        do {
                            try request(connection, index)
                        } catch {
                            failure = error
                            failures.add()
                            break
                        }
                        own.append(MonotonicClock.nanoseconds() - begin)
                        completed.add()
                    }
                    let done = collected.state.withLock { state -> CheckedContinuation<Void, Never>? in
                        state.latencies += own
                        if state.error == nil { state.error = failure }
                        state.running -= 1
                        return state.running == 0 ? state.finished : nil
                    }
                    done?.resume()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        }
        let seconds = MonotonicClock.seconds(since: start)
        reporter.cancel()
        let (latencies, error) = collected.state.withLock { ($0.latencies, $0.error) }
        if let error { throw error }
        ProgressReporter.log("[\(label)] done in \(Format.seconds(seconds)): \(Format.integer(latencies.count)) \(self.unit)")
        return ConcurrentLoad.Outcome(latencies: latencies, seconds: seconds, hitDeadline: latencies.count < count)
    }
}
