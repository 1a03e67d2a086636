internal import CLMDB

/// A read-only LMDB transaction: one consistent snapshot, never blocked by writers.
///
/// Created only by ``Environment/read(_:)`` and lent to its body; it cannot be copied, stored or sent elsewhere.
public struct ReadTransaction: ~Copyable, TransactionReading {
    public let unsafeTransactionPointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.unsafeTransactionPointer = pointer
    }

    deinit {
        mdb_txn_abort(self.unsafeTransactionPointer)
    }
}

@available(*, unavailable, message: "A transaction belongs to the thread that runs its body")
extension ReadTransaction: Sendable {}
