internal import CLMDB

/// A read-only LMDB transaction: one consistent snapshot, never blocked by writers.
///
/// Lent to the body of ``Environment/read(_:)``, or owned by the caller of
/// ``Environment/beginReadTransaction()``; either way it cannot be copied or sent to another thread, and it ends
/// (releasing its snapshot) when it goes out of scope.
public struct ReadTransaction: ~Copyable, TransactionReading {
    public let unsafeTransactionPointer: OpaquePointer
    private let gate: MapGate

    /// Takes over a begun transaction; the caller has entered the nesting guard and holds the gate shared.
    init(pointer: OpaquePointer, gate: MapGate) {
        self.unsafeTransactionPointer = pointer
        self.gate = gate
    }

    deinit {
        mdb_txn_abort(self.unsafeTransactionPointer)
        self.gate.unlockShared()
        TransactionNesting.leave()
    }
}

@available(*, unavailable, message: "A transaction belongs to the thread that runs its body")
extension ReadTransaction: Sendable {}
