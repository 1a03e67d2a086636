import BenchmarkSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs `count` numbered requests over `concurrency` keep-alive connections, each with one request in flight, from a
/// single thread that waits on all of them at once with `poll` (the way `wrk` drives many connections from a few
/// threads); stops early at `deadline`.
///
/// Client and server share the machine's cores, so the client must cost as little as it can: with a blocking thread
/// per connection, every answer woke a thread of its own (a dozen at once when a group commit released its callers),
/// and those threads queued for the cores beside the server's. One thread reads every answer that has arrived, then
/// sends the next requests, in one wake-up.
struct EventedLoad: Sendable {
    let concurrency: Int
    let count: Int
    /// ``MonotonicClock`` nanoseconds after which no new request starts.
    let deadline: UInt64
    /// What the progress lines call one request.
    let unit: String
    let port: Int

    /// Runs the load: `request` makes request number `index` (the bytes of a complete HTTP/1.1 request), `check`
    /// judges its answer. The first error stops the load and is rethrown.
    func run(
        progress label: String,
        request: @escaping @Sendable (Int) -> [UInt8],
        check: @escaping @Sendable (LoopbackConnection.Response, Int) throws -> Void
    ) async throws -> ConcurrentLoad.Outcome {
        let completed = SharedCounter()
        let connections = try (0..<self.concurrency).map { _ in try LoopbackConnection(port: self.port) }
        let reporter = ProgressReporter.reportingTask(label, done: completed, total: self.count, unit: self.unit)
        defer { reporter.cancel() }
        let (count, deadline) = (self.count, self.deadline)
        let start = MonotonicClock.nanoseconds()
        let result: Result<[UInt64], any Error> = await withCheckedContinuation { finished in
            // The connections are used by this thread only, from here on.
            nonisolated(unsafe) let connections = connections
            let thread = Thread {
                finished.resume(returning: Result {
                    try Self.drive(connections, count: count, deadline: deadline, completed: completed, request: request, check: check)
                })
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        let seconds = MonotonicClock.seconds(since: start)
        reporter.cancel()
        let latencies = try result.get()
        ProgressReporter.log("[\(label)] done in \(Format.seconds(seconds)): \(Format.integer(latencies.count)) \(self.unit)")
        return ConcurrentLoad.Outcome(latencies: latencies, seconds: seconds, hitDeadline: latencies.count < count)
    }

    /// The loop: start one request per connection, then, each time answers have arrived, judge them and send each
    /// connection its next request, until every request is answered or the deadline passes.
    private static func drive(
        _ connections: [LoopbackConnection], count: Int, deadline: UInt64, completed: SharedCounter,
        request: (Int) -> [UInt8], check: (LoopbackConnection.Response, Int) throws -> Void
    ) throws -> [UInt64] {
        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        var next = 0
        // What each connection has in flight: the request's number and when it was sent.
        var inFlight: [(index: Int, sent: UInt64)?] = Array(repeating: nil, count: connections.count)
        var waiting = connections.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }

        func startNext(on slot: Int) throws {
            guard next < count, MonotonicClock.nanoseconds() < deadline else {
                inFlight[slot] = nil
                waiting[slot].fd = -1  // poll ignores negative descriptors
                return
            }
            let index = next
            next += 1
            inFlight[slot] = (index, MonotonicClock.nanoseconds())
            try connections[slot].send(request(index))
        }

        for slot in connections.indices {
            try startNext(on: slot)
        }
        while inFlight.contains(where: { $0 != nil }) {
            let ready = poll(&waiting, nfds_t(waiting.count), 10_000)
            if ready < 0 {
                if errno == EINTR { continue }
                throw BenchmarkError("poll failed: errno \(errno)")
            }
            if ready == 0 { throw BenchmarkError("no answer from the server in 10 s") }
            for slot in waiting.indices where waiting[slot].revents != 0 {
                waiting[slot].revents = 0
                guard let (index, sent) = inFlight[slot], let response = try connections[slot].receiveReady() else { continue }
                latencies.append(MonotonicClock.nanoseconds() - sent)
                try check(response, index)
                completed.add()
                try startNext(on: slot)
            }
        }
        return latencies
    }
}
