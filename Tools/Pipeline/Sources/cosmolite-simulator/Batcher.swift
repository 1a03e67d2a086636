import EventShapes

/// Groups emissions per partition key for the batch sink: a group is sent when it holds `maximumSize` events or when
/// its oldest event has waited `window`, whichever comes first. Deadlines are kept in arrival order (the window is
/// fixed), so finding the expired groups is a walk from the front of a queue.
struct Batcher {
    struct Group {
        var emissions: [Emission] = []
        var createdAt: [ContinuousClock.Instant] = []
    }

    let window: Duration
    let maximumSize: Int
    private var open: [String: (group: Group, generation: Int)] = [:]
    private var deadlines: [(key: String, deadline: ContinuousClock.Instant, generation: Int)] = []
    private var deadlineStart = 0
    private var nextGeneration = 0

    init(window: Duration, maximumSize: Int) {
        self.window = window
        self.maximumSize = maximumSize
    }

    var hasPending: Bool { !self.open.isEmpty }

    /// The earliest deadline of an open group.
    var nextDeadline: ContinuousClock.Instant? {
        var index = self.deadlineStart
        while index < self.deadlines.count {
            let entry = self.deadlines[index]
            if self.open[entry.key]?.generation == entry.generation { return entry.deadline }
            index += 1
        }
        return nil
    }

    /// Adds an emission; answers its group when that is now full.
    mutating func add(_ emission: Emission, createdAt: ContinuousClock.Instant) -> Group? {
        let key = emission.event.partitionKey
        if self.open[key] == nil {
            self.nextGeneration += 1
            self.open[key] = (Group(), self.nextGeneration)
            self.deadlines.append((key, createdAt + self.window, self.nextGeneration))
        }
        self.open[key]!.group.emissions.append(emission)
        self.open[key]!.group.createdAt.append(createdAt)
        if self.open[key]!.group.emissions.count >= self.maximumSize {
            return self.open.removeValue(forKey: key)?.group
        }
        return nil
    }

    /// Removes and answers the groups whose deadline has passed.
    mutating func expired(at now: ContinuousClock.Instant) -> [Group] {
        var groups: [Group] = []
        while self.deadlineStart < self.deadlines.count, self.deadlines[self.deadlineStart].deadline <= now {
            let entry = self.deadlines[self.deadlineStart]
            self.deadlineStart += 1
            if self.open[entry.key]?.generation == entry.generation, let group = self.open.removeValue(forKey: entry.key)?.group {
                groups.append(group)
            }
        }
        self.compact()
        return groups
    }

    /// Removes and answers every open group.
    mutating func drain() -> [Group] {
        var groups: [Group] = []
        for entry in self.deadlines[self.deadlineStart...] {
            if self.open[entry.key]?.generation == entry.generation, let group = self.open.removeValue(forKey: entry.key)?.group {
                groups.append(group)
            }
        }
        self.deadlines.removeAll()
        self.deadlineStart = 0
        return groups
    }

    private mutating func compact() {
        if self.deadlineStart > 4096, self.deadlineStart * 2 > self.deadlines.count {
            self.deadlines.removeFirst(self.deadlineStart)
            self.deadlineStart = 0
        }
    }
}
