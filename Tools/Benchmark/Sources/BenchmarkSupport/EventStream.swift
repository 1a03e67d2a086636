/// The generator's lines one at a time, in delivery order, so that a data set of a million events never has to sit
/// in memory at once. ``EventGenerator/generate()`` collects exactly these lines: same seed, same bytes.
public struct EventStream: IteratorProtocol, Sendable {
    /// One delivered line.
    public struct Line: Sendable {
        public let bytes: [UInt8]
        public let event: EventWorkload.Event
        /// The arrival index of the event (a re-delivery carries its original's).
        public let eventIndex: Int
        public let isRedelivery: Bool
    }

    public let lineCount: Int
    public let distinctCount: Int
    private var random: SeededRandom
    /// Which event is delivered again after which arrival, sorted by arrival.
    private let redeliveries: [(original: Int, after: Int)]
    private let redeliveredOriginals: Set<Int>
    private var nextRedelivery = 0
    /// Lines generated already whose second delivery is still to come (at most about two thousand).
    private var awaitingRedelivery: [Int: Line] = [:]
    private let deviceIds: [String]
    private var sequenceNumbers: [Int]
    private var arrival = 0
    /// Re-deliveries due after the line just returned, last one first.
    private var pending: [Line] = []

    init(lineCount: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let redeliveryCount = lineCount / 1_000
        self.lineCount = lineCount
        self.distinctCount = lineCount - redeliveryCount
        self.redeliveries = EventGenerator.scheduleRedeliveries(count: redeliveryCount, distinctCount: self.distinctCount, random: &random)
        self.redeliveredOriginals = Set(self.redeliveries.map(\.original))
        self.random = random
        self.deviceIds = (0..<EventGenerator.deviceCount).map { EventGenerator.deviceId($0) }
        self.sequenceNumbers = [Int](repeating: 0, count: EventGenerator.deviceCount)
    }

    /// Events per device of the device that sent the fewest so far (final once the stream is exhausted).
    public var fewestEventsPerDevice: Int {
        self.sequenceNumbers.min() ?? 0
    }

    public mutating func next() -> Line? {
        if let line = self.pending.popLast() { return line }
        guard self.arrival < self.distinctCount else { return nil }
        let device = self.random.nextIndex(below: EventGenerator.deviceCount)
        let eventId = EventGenerator.uuid(&self.random)
        let bytes = EventGenerator.line(
            eventId: eventId, deviceId: self.deviceIds[device], sequenceNumber: self.sequenceNumbers[device],
            arrival: self.arrival, random: &self.random
        )
        self.sequenceNumbers[device] += 1
        let line = Line(
            bytes: bytes, event: EventWorkload.Event(eventId: eventId, deviceId: self.deviceIds[device]),
            eventIndex: self.arrival, isRedelivery: false
        )
        if self.redeliveredOriginals.contains(self.arrival) {
            self.awaitingRedelivery[self.arrival] = line
        }
        var due: [Line] = []
        while self.nextRedelivery < self.redeliveries.count && self.redeliveries[self.nextRedelivery].after == self.arrival {
            guard let original = self.awaitingRedelivery.removeValue(forKey: self.redeliveries[self.nextRedelivery].original) else {
                preconditionFailure("a re-delivery was scheduled before its original")
            }
            due.append(Line(bytes: original.bytes, event: original.event, eventIndex: original.eventIndex, isRedelivery: true))
            self.nextRedelivery += 1
        }
        self.pending = due.reversed()
        self.arrival += 1
        return line
    }
}
