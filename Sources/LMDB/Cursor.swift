internal import CLMDB

/// A position in one keyspace, moved in key order.
///
/// Lent to the body of ``TransactionReading/withCursor(in:_:)`` and closed when it returns.
/// Each move answers the entry it lands on, or `nil` past either end.
///
/// - Warning: An ``Entry``'s buffers point into the map. They stay valid until the cursor moves again, the
///   transaction writes, or the transaction ends; copy what must outlive that.
public struct Cursor: ~Copyable {
    /// A key and its value, borrowed from the map.
    public struct Entry {
        public let key: UnsafeRawBufferPointer
        public let value: UnsafeRawBufferPointer
    }

    let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        mdb_cursor_close(self.pointer)
    }

    public func first() throws(LMDBError) -> Entry? { try self.move(MDB_FIRST) }
    public func last() throws(LMDBError) -> Entry? { try self.move(MDB_LAST) }
    public func next() throws(LMDBError) -> Entry? { try self.move(MDB_NEXT) }
    public func previous() throws(LMDBError) -> Entry? { try self.move(MDB_PREV) }
    public func current() throws(LMDBError) -> Entry? { try self.move(MDB_GET_CURRENT) }

    /// Moves to the first entry whose key is greater than or equal to `key`.
    public func seek(atOrAfter key: UnsafeRawBufferPointer) throws(LMDBError) -> Entry? {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val()
        return try self.finish(mdb_cursor_get(self.pointer, &keyValue, &data, MDB_SET_RANGE), keyValue, data)
    }

    /// Moves to the first entry whose key is greater than or equal to `key`.
    public func seek(atOrAfter key: [UInt8]) throws(LMDBError) -> Entry? {
        try withBytes(of: key) { (key) throws(LMDBError) -> Entry? in try self.seek(atOrAfter: key) }
    }

    /// Moves to the entry with exactly `key` and answers its value, or `nil` when there is none.
    ///
    /// A positioned cursor first checks whether `key` lies on its current page and then searches only that page, so
    /// looking up keys close to each other (ascending sequence numbers) costs less than
    /// ``TransactionReading/mappedValue(forKey:in:)``, which always descends from the root.
    public func value(forKey key: UnsafeRawBufferPointer) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val()
        let result = mdb_cursor_get(self.pointer, &keyValue, &data, MDB_SET)
        if result == MDB_NOTFOUND { return nil }
        try LMDBError.check(result)
        return UnsafeRawBufferPointer(start: data.mv_data, count: data.mv_size)
    }

    /// Moves to the last entry whose key is less than or equal to `key`.
    public func seek(atOrBefore key: UnsafeRawBufferPointer) throws(LMDBError) -> Entry? {
        if let entry = try self.seek(atOrAfter: key) {
            if entry.key.elementsEqual(key) {
                return entry
            }
            return try self.previous()
        }
        return try self.last()
    }

    /// Moves to the last entry whose key is less than or equal to `key`.
    public func seek(atOrBefore key: [UInt8]) throws(LMDBError) -> Entry? {
        try withBytes(of: key) { (key) throws(LMDBError) -> Entry? in try self.seek(atOrBefore: key) }
    }

    /// Deletes the entry under the cursor (write transactions only). Re-position the cursor (seek) before reading
    /// again: when the deleted entry was the last one, LMDB leaves the cursor unpositioned.
    public func deleteCurrent() throws(LMDBError) {
        try LMDBError.check(mdb_cursor_del(self.pointer, 0))
    }

    private func move(_ operation: MDB_cursor_op) throws(LMDBError) -> Entry? {
        var key = MDB_val()
        var data = MDB_val()
        return try self.finish(mdb_cursor_get(self.pointer, &key, &data, operation), key, data)
    }

    @inline(__always)
    private func finish(_ result: Int32, _ key: MDB_val, _ data: MDB_val) throws(LMDBError) -> Entry? {
        if result == MDB_NOTFOUND {
            return nil
        }
        try LMDBError.check(result)
        return Entry(
            key: UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size),
            value: UnsafeRawBufferPointer(start: data.mv_data, count: data.mv_size)
        )
    }
}

@available(*, unavailable, message: "A cursor belongs to its transaction's thread")
extension Cursor: Sendable {}
