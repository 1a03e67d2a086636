import JSON
import LMDB

/// What one write transaction works with: the keyspaces, the catalog as this transaction sees it, and the counters
/// of every container it touches (loaded on first use, written back once before commit).
///
/// A session lives for one group commit. Each queued request runs against it inside a nested transaction; when a
/// request fails, the group writer restores ``states`` to what it was before that request, so counters always match
/// the committed data.
struct WriteSession {
    let keyspaces: StoreKeyspaces
    let catalog: Catalog
    private(set) var snapshot: CatalogSnapshot
    /// Counters of the containers touched so far; written back by ``flushStates(in:)``.
    var states: [UInt32: ContainerState] = [:]
    /// The counters as loaded, so that only changed ones are written back.
    private var loadedStates: [UInt32: ContainerState] = [:]
    /// The clock reading shared by every write of this transaction (milliseconds since 1970).
    let nowMillis: Int64
    /// Reusable key buffer.
    var key = KeyBuilder(capacity: 512)
    /// What this session did, for metrics.
    var statistics = WriteStatistics()

    init(
        keyspaces: StoreKeyspaces,
        catalog: Catalog,
        nowMillis: Int64,
        transaction: borrowing WriteTransaction
    ) throws {
        self.keyspaces = keyspaces
        self.catalog = catalog
        self.nowMillis = nowMillis
        self.snapshot = try catalog.snapshot(in: transaction)
    }

    /// Reloads the catalog after this transaction changed it.
    mutating func reloadCatalog(in transaction: borrowing WriteTransaction) throws {
        self.snapshot = try self.catalog.load(in: transaction, generation: try self.catalog.generation(in: transaction))
    }

    /// The counters of `container`, loading them on first use.
    mutating func state(of container: ContainerProperties, in transaction: borrowing WriteTransaction) throws -> ContainerState {
        if let state = self.states[container.number] {
            return state
        }
        let state = try self.catalog.state(of: container, in: transaction)
        self.states[container.number] = state
        self.loadedStates[container.number] = state
        return state
    }

    /// Writes back every touched container's counters (skipping containers deleted in this transaction).
    func flushStates(in transaction: borrowing WriteTransaction) throws {
        for (number, state) in self.states where self.snapshot.container(number: number) != nil && self.loadedStates[number] != state {
            try transaction.put(state.encoded, forKey: Catalog.stateKey(number), in: self.keyspaces.catalog)
        }
    }

    /// What a failed request must undo in the session (its nested transaction undoes the rest).
    struct Checkpoint {
        fileprivate let snapshot: CatalogSnapshot
        fileprivate let states: [UInt32: ContainerState]
        fileprivate let statistics: WriteStatistics
    }

    func checkpoint() -> Checkpoint {
        Checkpoint(snapshot: self.snapshot, states: self.states, statistics: self.statistics)
    }

    mutating func restore(_ checkpoint: Checkpoint) {
        self.snapshot = checkpoint.snapshot
        self.states = checkpoint.states
        self.statistics = checkpoint.statistics
    }

    /// The write timestamp for `container`: now, but never earlier than its previous write, so `_ts` never goes
    /// backwards within a container even if the clock does.
    mutating func nextTimestamp(for state: inout ContainerState) -> Int64 {
        let timestamp = max(self.nowMillis, state.lastTimestampMillis)
        state.lastTimestampMillis = timestamp
        return timestamp
    }
}

/// Counts of what writes did, reported to metrics after each commit.
public struct WriteStatistics: Sendable, Hashable {
    public var created = 0
    public var replaced = 0
    public var unchanged = 0
    public var deleted = 0
    public var expiredRemoved = 0
    /// Expiry entries written (documents that will expire): the sweeper reschedules when this is not zero.
    public var expiryEntriesWritten = 0

    public static func += (lhs: inout WriteStatistics, rhs: WriteStatistics) {
        lhs.created += rhs.created
        lhs.replaced += rhs.replaced
        lhs.unchanged += rhs.unchanged
        lhs.deleted += rhs.deleted
        lhs.expiredRemoved += rhs.expiredRemoved
        lhs.expiryEntriesWritten += rhs.expiryEntriesWritten
    }
}
