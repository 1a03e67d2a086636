import Synchronization

/// A counter concurrent tasks share (an `Atomic` cannot be captured by the escaping closures they run).
final class SharedCounter: Sendable {
    private let atomic = Atomic<Int>(0)

    /// Adds `amount`; answers the value before the addition.
    @discardableResult
    func add(_ amount: Int = 1) -> Int {
        self.atomic.wrappingAdd(amount, ordering: .relaxed).oldValue
    }

    var value: Int {
        self.atomic.load(ordering: .relaxed)
    }
}
