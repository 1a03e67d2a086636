internal import CLMDB

/// A read-write LMDB transaction.
///
/// Created only by ``Environment/write(_:)``, which commits it when the body returns and aborts it when the body
/// throws. Every read operation of ``TransactionReading`` is available and sees the transaction's own writes.
public struct WriteTransaction: ~Copyable, TransactionReading {
    public let unsafeTransactionPointer: OpaquePointer
    let state: State

    /// Facts about the transaction that must survive the body throwing a different error. The storage belongs to
    /// ``Environment/write(_:)``, which outlives the transaction (a pointer keeps this type trivially destroyed, which
    /// `discard self` needs).
    struct State {
        let storage: UnsafeMutablePointer<Bool>

        /// A put hit `MDB_MAP_FULL`: the whole transaction is dead and must be re-run after the map grows.
        var filledMap: Bool {
            get { self.storage.pointee }
            nonmutating set { self.storage.pointee = newValue }
        }
    }

    /// Options for ``put(_:forKey:in:options:)``.
    public struct PutOptions: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Fail with ``LMDBError/keyExists`` instead of overwriting.
        public static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
        /// The key is greater than every key in the keyspace: append without searching (fast bulk loads).
        public static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
    }

    init(pointer: OpaquePointer, state: State) {
        self.unsafeTransactionPointer = pointer
        self.state = state
    }

    deinit {
        mdb_txn_abort(self.unsafeTransactionPointer)
    }

    consuming func commit() throws(LMDBError) {
        let pointer = self.unsafeTransactionPointer
        let state = self.state
        discard self
        let result = mdb_txn_commit(pointer)
        if result == MDB_MAP_FULL {
            state.filledMap = true
        }
        try LMDBError.check(result)
    }

    /// Whether a write of this transaction (or of a nested one) hit `MDB_MAP_FULL`. The transaction is then dead:
    /// let the error propagate so that ``Environment/write(_:)`` grows the map and runs the body again.
    public var mapIsFull: Bool {
        self.state.filledMap
    }

    /// Stores `value` under `key`, replacing what was there unless `options` says otherwise.
    public func put(
        _ value: UnsafeRawBufferPointer,
        forKey key: UnsafeRawBufferPointer,
        in keyspace: Keyspace,
        options: PutOptions = []
    ) throws(LMDBError) {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try self.checkWrite(mdb_put(self.unsafeTransactionPointer, keyspace.handle, &keyValue, &data, options.rawValue))
    }

    /// Stores `value` under `key`.
    public func put(_ value: [UInt8], forKey key: [UInt8], in keyspace: Keyspace, options: PutOptions = []) throws(LMDBError) {
        let result: Int32 = value.withUnsafeBytes { value in
            key.withUnsafeBytes { key in
                var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
                var data = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
                return mdb_put(self.unsafeTransactionPointer, keyspace.handle, &keyValue, &data, options.rawValue)
            }
        }
        try self.checkWrite(result)
    }

    /// Reserves `count` bytes under `key` and lets `fill` write them in place, saving a copy of large values.
    public func put(
        reservingCount count: Int,
        forKey key: UnsafeRawBufferPointer,
        in keyspace: Keyspace,
        options: PutOptions = [],
        fill: (UnsafeMutableRawBufferPointer) -> Void
    ) throws(LMDBError) {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val(mv_size: count, mv_data: nil)
        try self.checkWrite(
            mdb_put(self.unsafeTransactionPointer, keyspace.handle, &keyValue, &data, options.rawValue | UInt32(MDB_RESERVE))
        )
        fill(UnsafeMutableRawBufferPointer(start: data.mv_data, count: count))
    }

    /// Removes `key`; answers whether it was there.
    @discardableResult
    public func delete(forKey key: UnsafeRawBufferPointer, in keyspace: Keyspace) throws(LMDBError) -> Bool {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        let result = mdb_del(self.unsafeTransactionPointer, keyspace.handle, &keyValue, nil)
        if result == MDB_NOTFOUND {
            return false
        }
        try self.checkWrite(result)
        return true
    }

    /// Removes `key`; answers whether it was there.
    @discardableResult
    public func delete(forKey key: [UInt8], in keyspace: Keyspace) throws(LMDBError) -> Bool {
        try withBytes(of: key) { (key) throws(LMDBError) -> Bool in try self.delete(forKey: key, in: keyspace) }
    }

    /// Runs `body` in a child transaction: its writes become part of this transaction only if `body` returns.
    ///
    /// While the child runs, this transaction must not be used. Used to give one caller's work in a shared
    /// (group) commit its own all-or-nothing scope.
    public func withNestedTransaction<R>(_ body: (borrowing WriteTransaction) throws -> R) throws -> R {
        var child: OpaquePointer?
        let environment = mdb_txn_env(self.unsafeTransactionPointer)
        try self.checkWrite(mdb_txn_begin(environment, self.unsafeTransactionPointer, 0, &child))
        guard let child else { throw LMDBError.badTransaction }
        let transaction = WriteTransaction(pointer: child, state: self.state)
        let result = try body(transaction)
        try transaction.commit()
        return result
    }

    /// Records `MDB_MAP_FULL` so ``Environment/write(_:)`` grows the map even if the body wraps the error.
    @inline(__always)
    func checkWrite(_ result: Int32) throws(LMDBError) {
        if result != MDB_SUCCESS {
            if result == MDB_MAP_FULL {
                self.state.filledMap = true
            }
            throw LMDBError(returnCode: result)
        }
    }
}

@available(*, unavailable, message: "A transaction belongs to the thread that runs its body")
extension WriteTransaction: Sendable {}
