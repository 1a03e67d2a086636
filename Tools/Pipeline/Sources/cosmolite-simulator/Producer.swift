import EventShapes
import Synchronization

/// What a run sends and how.
struct RunParameters: Sendable {
    var total: Int
    var schedule: ArrivalSchedule
    var concurrency: Int
    var batchWindow: Duration
    var batchSize: Int
    /// Stamp events with this virtual clock (plus each event's due offset) instead of the wall clock.
    var virtualStart: EventTimestamp?
}

/// How the producer loop went.
struct ProducerOutcome: Sendable {
    /// From the start to the last emission handed to a sender.
    var sendDuration: Duration
    /// The furthest the producer fell behind the schedule, in seconds.
    var maximumLagSeconds: Double
    /// How long the producer waited for a free request slot (all `concurrency` requests in flight).
    var slotWait: Duration
    /// From the start to the moment every request had finished.
    var totalDuration: Duration
    /// The simulator's own CPU time (user + system, all threads) over the run.
    var cpuSeconds: Double = 0
}

/// The sending loop: emits every event that is due by the clock (absolute schedule, checked about every millisecond,
/// never a sleep per event), hands them to the sender as tasks with at most `concurrency` in flight, and flushes batch
/// groups whose window has passed.
enum Producer {
    /// Shared with the progress reporter: how far behind the schedule the producer is right now.
    static let lag = LagGauge()

    static func run(
        _ run: RunParameters,
        stream: inout EventStream,
        start: ContinuousClock.Instant,
        statistics: RunStatistics,
        sender: (any Sender)?,
        ndjson: NDJSONWriter?
    ) async -> ProducerOutcome {
        var sent = 0
        var maximumLag = 0.0
        var slotWait = Duration.zero
        var lastSend = start
        var batcher: Batcher? = sender is BatchSender ? Batcher(window: run.batchWindow, maximumSize: run.batchSize) : nil

        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0

            func launch(_ batch: Batcher.Group, group: inout TaskGroup<Void>) async {
                guard let sender else { return }
                if inFlight >= run.concurrency {
                    let waitStarted = ContinuousClock.now
                    _ = await group.next()
                    inFlight -= 1
                    slotWait += ContinuousClock.now - waitStarted
                }
                group.addTask { await sender.deliver(batch.emissions, createdAt: batch.createdAt) }
                inFlight += 1
            }

            while sent < run.total {
                let now = ContinuousClock.now
                let elapsed = (now - start).seconds
                var progressed = false
                if batcher != nil {
                    for batch in batcher!.expired(at: now) {
                        await launch(batch, group: &group)
                        progressed = true
                    }
                }
                let due = run.schedule.dueCount(after: elapsed, total: run.total)
                if sent < due {
                    let lag = max(0, elapsed - run.schedule.dueOffset(of: sent))
                    maximumLag = max(maximumLag, lag)
                    Self.lag.set(seconds: lag, behind: due - sent)
                    let chunkEnd = min(due, sent + 256)
                    while sent < chunkEnd {
                        let stamp = run.virtualStart.map { $0.adding(microseconds: Int64((run.schedule.dueOffset(of: sent) * 1e6).rounded())) }
                            ?? EventTimestamp.now()
                        let emission = stream.next(now: stamp)
                        let created = ContinuousClock.now
                        statistics.sent(1, duplicates: emission.isDuplicate ? 1 : 0)
                        if let ndjson {
                            ndjson.write(emission.event.body)
                            statistics.acknowledged(events: 1, requestMicroseconds: 0, eventMicroseconds: [], at: created)
                        } else if batcher != nil {
                            if let full = batcher!.add(emission, createdAt: created) {
                                await launch(full, group: &group)
                            }
                        } else {
                            await launch(Batcher.Group(emissions: [emission], createdAt: [created]), group: &group)
                        }
                        sent += 1
                    }
                    lastSend = ContinuousClock.now
                    progressed = true
                } else {
                    Self.lag.set(seconds: 0, behind: 0)
                }
                if !progressed && sent < run.total {
                    var wake = start + .microseconds(Int64((run.schedule.dueOffset(of: sent) * 1e6).rounded(.up)))
                    if let deadline = batcher?.nextDeadline, deadline < wake { wake = deadline }
                    let earliest = ContinuousClock.now + .milliseconds(1)
                    try? await Task.sleep(until: max(wake, earliest), clock: .continuous)
                }
            }
            if batcher != nil {
                for batch in batcher!.drain() {
                    await launch(batch, group: &group)
                }
            }
            Self.lag.set(seconds: 0, behind: 0)
            await group.waitForAll()
        }
        return ProducerOutcome(sendDuration: lastSend - start, maximumLagSeconds: maximumLag, slotWait: slotWait,
                               totalDuration: ContinuousClock.now - start)
    }
}


/// The producer's current distance behind the schedule.
final class LagGauge: Sendable {
    private let value = Mutex((seconds: 0.0, behind: 0))

    func set(seconds: Double, behind: Int) {
        self.value.withLock { $0 = (seconds, behind) }
    }

    var current: (seconds: Double, behind: Int) {
        self.value.withLock { $0 }
    }
}
