/// One thing to send: an original event or a re-delivery of an earlier one.
public struct Emission: Sendable {
    /// The event (a re-delivery carries the original's bytes).
    public var event: GeneratedEvent
    /// Whether this is a second delivery.
    public var isDuplicate: Bool
    /// The emission's position in the stream, from 0.
    public var position: Int
}

/// The sequence of emissions a simulator sends: original events from a generator, with every `duplicateEvery`-th
/// original sent a second time, byte-identical, `duplicateDelay` emissions later (as an at-least-once transport
/// re-delivers a message).
///
/// With the default of one duplicate per 1,000 originals, 0.1 % of the originals arrive twice. A re-delivery whose turn
/// would come after the stream ends is not sent: a stream of `n` emissions holds exactly `n` emissions.
public struct EventStream {
    public let duplicateEvery: Int
    public let duplicateDelay: Int
    private var generator: any EventGenerator
    private var pending: [(due: Int, event: GeneratedEvent)] = []
    private var pendingStart = 0
    public private(set) var position = 0
    public private(set) var originals = 0
    public private(set) var duplicates = 0

    /// - Parameters:
    ///   - generator: where original events come from.
    ///   - duplicateEvery: re-deliver every n-th original (0: never).
    ///   - duplicateDelay: how many emissions later the re-delivery comes (at least 1).
    public init(generator: any EventGenerator, duplicateEvery: Int = 1000, duplicateDelay: Int = 10) {
        precondition(duplicateEvery >= 0, "duplicateEvery must not be negative")
        precondition(duplicateDelay >= 1, "duplicateDelay must be at least 1")
        self.generator = generator
        self.duplicateEvery = duplicateEvery
        self.duplicateDelay = duplicateDelay
    }

    /// The next emission; an original is stamped `now`, a re-delivery keeps its original's bytes.
    public mutating func next(now: EventTimestamp) -> Emission {
        defer { self.position += 1 }
        if self.pendingStart < self.pending.count, self.pending[self.pendingStart].due <= self.position {
            let event = self.pending[self.pendingStart].event
            self.pendingStart += 1
            if self.pendingStart > 64, self.pendingStart * 2 > self.pending.count {
                self.pending.removeFirst(self.pendingStart)
                self.pendingStart = 0
            }
            self.duplicates += 1
            return Emission(event: event, isDuplicate: true, position: self.position)
        }
        let event = self.generator.next(createdAt: now)
        self.originals += 1
        if self.duplicateEvery > 0, self.originals % self.duplicateEvery == 0 {
            self.pending.append((self.position + self.duplicateDelay, event))
        }
        return Emission(event: event, isDuplicate: false, position: self.position)
    }
}
