internal import CLMDB

/// The read operations every transaction offers, whether read-only or read-write.
///
/// Values handed out point into the memory map: they are valid until the transaction ends or, inside a write
/// transaction, until the next write. Copy what must outlive that.
public protocol TransactionReading: ~Copyable {
    /// The raw `MDB_txn *`, for code in this package.
    var unsafeTransactionPointer: OpaquePointer { get }
}

extension TransactionReading where Self: ~Copyable {
    /// Calls `body` with the bytes stored under `key`, or returns `nil` when there are none.
    public func withValue<R>(
        forKey key: UnsafeRawBufferPointer,
        in keyspace: Keyspace,
        _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val()
        let result = mdb_get(self.unsafeTransactionPointer, keyspace.handle, &keyValue, &data)
        if result == MDB_NOTFOUND {
            return nil
        }
        try LMDBError.check(result)
        return try body(UnsafeRawBufferPointer(start: data.mv_data, count: data.mv_size))
    }

    /// The bytes stored under `key`, pointing into the map (valid as long as values are, see above), or `nil`.
    ///
    /// Not generic, unlike ``withValue(forKey:in:_:)-(UnsafeRawBufferPointer,_,_)``: a caller in another module that
    /// looks up a value per row pays no generic dispatch.
    public func mappedValue(forKey key: UnsafeRawBufferPointer, in keyspace: Keyspace) throws -> UnsafeRawBufferPointer? {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val()
        let result = mdb_get(self.unsafeTransactionPointer, keyspace.handle, &keyValue, &data)
        if result == MDB_NOTFOUND {
            return nil
        }
        try LMDBError.check(result)
        return UnsafeRawBufferPointer(start: data.mv_data, count: data.mv_size)
    }

    /// Calls `body` with the bytes stored under `key`, or returns `nil` when there are none.
    public func withValue<R>(forKey key: [UInt8], in keyspace: Keyspace, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        try key.withUnsafeBytes { try self.withValue(forKey: $0, in: keyspace, body) }
    }

    /// A copy of the bytes stored under `key`, or `nil`.
    public func value(forKey key: [UInt8], in keyspace: Keyspace) throws -> [UInt8]? {
        try self.withValue(forKey: key, in: keyspace) { Array($0) }
    }

    /// Whether anything is stored under `key`.
    public func containsValue(forKey key: [UInt8], in keyspace: Keyspace) throws -> Bool {
        try self.withValue(forKey: key, in: keyspace) { _ in true } ?? false
    }

    /// Opens a cursor on `keyspace` for the duration of `body`.
    public func withCursor<R>(in keyspace: Keyspace, _ body: (borrowing Cursor) throws -> R) throws -> R {
        var cursor: OpaquePointer?
        try LMDBError.check(mdb_cursor_open(self.unsafeTransactionPointer, keyspace.handle, &cursor))
        guard let cursor else { throw LMDBError.badTransaction }
        return try body(Cursor(pointer: cursor))
    }

    /// B-tree statistics of `keyspace` as this transaction sees it (`entries` is exact and costs no scan).
    public func statistics(of keyspace: Keyspace) throws -> Environment.Statistics {
        var statistics = MDB_stat()
        try LMDBError.check(mdb_stat(self.unsafeTransactionPointer, keyspace.handle, &statistics))
        return Environment.Statistics(
            entries: statistics.ms_entries,
            depth: Int(statistics.ms_depth),
            branchPages: statistics.ms_branch_pages,
            leafPages: statistics.ms_leaf_pages,
            overflowPages: statistics.ms_overflow_pages
        )
    }

    /// The id of the snapshot this transaction reads.
    public var transactionID: Int {
        mdb_txn_id(self.unsafeTransactionPointer)
    }
}
