/// The few index entries whose documents were looked up (and their bytes prefetched) ahead of the one being visited.
///
/// An index scan meets documents scattered over the map, cold in cache; looking up the next few while the current
/// one is filtered and copied lets their cache misses overlap instead of stalling one row at a time.
struct ReadAheadQueue<Entry> {
    /// Documents in flight: enough to hide a miss behind the work of a ~1 KB row, few enough that a scan stopped
    /// early (a full page, `TOP`) has wasted almost nothing.
    static var depth: Int { 4 }

    struct Item {
        let entry: Entry
        let sequenceNumber: UInt64
        /// The stored envelope, `nil` when the entry's document is gone.
        let value: UnsafeRawBufferPointer?
    }

    private var ring: [Item?] = Array(repeating: nil, count: Self.depth)
    private var head = 0
    private var count = 0

    /// Queues `item`; answers the oldest item once the queue is full (it is due to be visited).
    mutating func push(_ item: Item) -> Item? {
        var due: Item?
        if self.count == Self.depth { due = self.popFirst() }
        self.ring[(self.head + self.count) % Self.depth] = item
        self.count += 1
        return due
    }

    /// The oldest queued item, for draining the queue when the scan has ended.
    mutating func popFirst() -> Item? {
        guard self.count > 0 else { return nil }
        let item = self.ring[self.head]
        self.ring[self.head] = nil
        self.head = (self.head + 1) % Self.depth
        self.count -= 1
        return item
    }
}
