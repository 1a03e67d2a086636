#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a ``DocumentStore`` opens and behaves.
public struct StoreConfiguration: Sendable {
    /// When an acknowledged write is safe.
    public enum Durability: String, Sendable, CaseIterable {
        /// Every commit reaches the disk before the writers it carries are released (LMDB syncs data, then meta).
        case durable
        /// Commits reach the operating system but are not synced: a process crash loses nothing, a power loss may
        /// lose the last commits; the store is never corrupted.
        case relaxed
    }

    public var durability: Durability
    /// Address space reserved for the map at first; it grows by doubling when full.
    public var initialMapSize: Int
    /// The map never grows beyond this; writes then fail with `storageFull`.
    public var maximumMapSize: Int
    /// The most queued writes one commit carries.
    public var maximumGroupSize: Int
    /// Whether a background thread removes expired documents (and the data of deleted containers). Expired documents
    /// are invisible to every read either way.
    public var sweepsExpiredDocuments: Bool
    /// How many documents one sweep transaction removes at most, so that sweeping never holds the writer long.
    public var sweepBatchSize: Int
    /// Milliseconds since 1970; replaceable so that tests can move time.
    public var clock: @Sendable () -> Int64
    /// Called after every commit of the group writer (for metrics).
    public var onCommit: (@Sendable (CommitReport) -> Void)?
    /// Called after every sweep that removed something.
    public var onSweep: (@Sendable (SweepReport) -> Void)?

    public init(
        durability: Durability = .durable,
        initialMapSize: Int = 1 << 30,
        maximumMapSize: Int = 1 << 40,
        maximumGroupSize: Int = 1000,
        sweepsExpiredDocuments: Bool = true,
        sweepBatchSize: Int = 1000,
        clock: @escaping @Sendable () -> Int64 = StoreConfiguration.systemClock,
        onCommit: (@Sendable (CommitReport) -> Void)? = nil,
        onSweep: (@Sendable (SweepReport) -> Void)? = nil
    ) {
        self.durability = durability
        self.initialMapSize = initialMapSize
        self.maximumMapSize = maximumMapSize
        self.maximumGroupSize = maximumGroupSize
        self.sweepsExpiredDocuments = sweepsExpiredDocuments
        self.sweepBatchSize = sweepBatchSize
        self.clock = clock
        self.onCommit = onCommit
        self.onSweep = onSweep
    }

    /// The wall clock in milliseconds since 1970.
    @Sendable public static func systemClock() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}

/// What one commit of the group writer carried.
public struct CommitReport: Sendable {
    /// Queued requests the commit carried (callers released by it).
    public var requests: Int
    public var statistics: WriteStatistics
    /// Wall time from the start of the transaction to the end of its commit.
    public var seconds: Double
}

/// What one sweep removed.
public struct SweepReport: Sendable, Hashable {
    /// Expired documents removed, per container number.
    public var expiredDocuments: Int
    /// Keys removed from the data of deleted containers.
    public var purgedKeys: Int
}
