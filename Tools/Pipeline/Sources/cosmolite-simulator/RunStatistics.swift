import EventShapes
import Synchronization

/// Counters and latency histograms shared by the sender tasks and the progress reporter.
///
/// Latency is measured per acknowledged request, from the first attempt to the answer (retries included); with the
/// batch sink a request carries several events. `eventLatency` runs from an event's generation to its acknowledgement
/// (so it includes the time an event waited for its batch or for a free request slot).
final class RunStatistics: Sendable {
    struct State {
        var sent = 0
        var duplicatesSent = 0
        var acknowledged = 0
        var failed = 0
        var requests = 0
        var retries = 0
        var requestLatency = LatencyHistogram()
        var intervalLatency = LatencyHistogram()
        var eventLatency = LatencyHistogram()
        var errors: [String: Int] = [:]
        var lastAcknowledgedAt: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    func sent(_ count: Int, duplicates: Int) {
        self.state.withLock {
            $0.sent += count
            $0.duplicatesSent += duplicates
        }
    }

    /// A request answered successfully for `events` events.
    func acknowledged(events: Int, requestMicroseconds: Int64, eventMicroseconds: [Int64], at instant: ContinuousClock.Instant) {
        self.state.withLock {
            $0.acknowledged += events
            $0.requests += 1
            $0.requestLatency.record(microseconds: requestMicroseconds)
            $0.intervalLatency.record(microseconds: requestMicroseconds)
            for latency in eventMicroseconds { $0.eventLatency.record(microseconds: latency) }
            $0.lastAcknowledgedAt = instant
        }
    }

    /// Events that failed for good, with the reason (distinct reasons are counted separately).
    func failed(events: Int, reason: String) {
        self.state.withLock {
            $0.failed += events
            $0.requests += 1
            if $0.errors[reason] != nil || $0.errors.count < 20 {
                $0.errors[reason, default: 0] += events
            } else {
                $0.errors["(other errors)", default: 0] += events
            }
        }
    }

    func retried() {
        self.state.withLock { $0.retries += 1 }
    }

    /// A copy of the counters; resets the per-interval latency histogram when `resetInterval` is set.
    func snapshot(resetInterval: Bool) -> State {
        self.state.withLock { state in
            let copy = state
            if resetInterval { state.intervalLatency.reset() }
            return copy
        }
    }
}
