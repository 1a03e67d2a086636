import Synchronization

/// A clock tests move by hand, so TTL behaviour is tested without waiting.
public final class ManualClock: Sendable {
    private let millis: Mutex<Int64>

    public init(millis: Int64 = 1_700_000_000_000) {
        self.millis = Mutex(millis)
    }

    public var now: Int64 { self.millis.withLock { $0 } }

    public func advance(seconds: Double) {
        self.millis.withLock { $0 += Int64(seconds * 1000) }
    }

    /// A closure for `StoreConfiguration.clock`.
    public var read: @Sendable () -> Int64 {
        { [self] in self.now }
    }
}
