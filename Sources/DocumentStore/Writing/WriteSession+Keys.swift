import LMDB

/// The individual key writes behind document operations. Each builds its key in ``WriteSession/key`` (no allocation
/// per entry) and writes one keyspace.
extension WriteSession {
    /// Writes the key in ``key`` with `value`; `appending` tries LMDB's append mode first, which fills pages densely
    /// when keys arrive in order (sequence numbers, LSNs), and falls back to a normal put when the key is not last.
    func put(_ value: [UInt8], in keyspace: Keyspace, appending: Bool, _ transaction: borrowing WriteTransaction) throws {
        try self.key.withBytes { key in
            try value.withUnsafeBytes { value in
                if appending {
                    do {
                        try transaction.put(value, forKey: key, in: keyspace, options: .append)
                        return
                    } catch LMDBError.keyExists {
                        // Not the last key of the keyspace (another container's keys follow): insert normally.
                    }
                }
                try transaction.put(value, forKey: key, in: keyspace)
            }
        }
    }

    func delete(in keyspace: Keyspace, _ transaction: borrowing WriteTransaction) throws {
        try self.key.withBytes { key in
            _ = try transaction.delete(forKey: key, in: keyspace)
        }
    }

    mutating func putEnvelope(
        _ document: PreparedDocument,
        sequenceNumber: UInt64,
        lsn: UInt64,
        timestamp: Int64,
        container: UInt32,
        in transaction: borrowing WriteTransaction
    ) throws {
        self.key.reset(container: container)
        self.key.append(sequenceNumber)
        let id = document.id.utf8
        let size = DocumentEnvelope.size(epkCount: document.effectivePartitionKey.count, idCount: id.count,
                                         memberCount: document.members.count, bodyCount: document.body.count)
        try self.key.withBytes { key in
            var idText = document.id
            try idText.withUTF8 { idBytes in
                try document.body.withUnsafeBytes { body in
                    let fill = { (buffer: UnsafeMutableRawBufferPointer) in
                        DocumentEnvelope.write(
                            into: buffer,
                            timestampMillis: timestamp,
                            lsn: lsn,
                            itemTimeToLive: document.itemTimeToLive,
                            epk: document.effectivePartitionKey,
                            id: UnsafeRawBufferPointer(idBytes),
                            members: document.members,
                            body: body
                        )
                    }
                    do {
                        try transaction.put(reservingCount: size, forKey: key, in: self.keyspaces.documents, options: .append, fill: fill)
                    } catch LMDBError.keyExists {
                        try transaction.put(reservingCount: size, forKey: key, in: self.keyspaces.documents, fill: fill)
                    }
                }
            }
        }
    }

    mutating func putChange(lsn: UInt64, sequenceNumber: UInt64, effectivePartitionKey: [UInt8], container: UInt32,
                            in transaction: borrowing WriteTransaction) throws {
        self.key.reset(container: container)
        self.key.append(lsn)
        var value = KeyBuilder(capacity: 8 + effectivePartitionKey.count)
        value.append(sequenceNumber)
        value.append(effectivePartitionKey)
        try self.put(value.bytes, in: self.keyspaces.changes, appending: true, transaction)
    }

    mutating func deleteChange(lsn: UInt64, container: UInt32, in transaction: borrowing WriteTransaction) throws {
        self.key.reset(container: container)
        self.key.append(lsn)
        try self.delete(in: self.keyspaces.changes, transaction)
    }

    mutating func putRangeEntry(_ entry: [UInt8], sequenceNumber: UInt64, container: UInt32,
                                in transaction: borrowing WriteTransaction) throws {
        self.key.reset(container: container)
        self.key.append(entry)
        self.key.append(sequenceNumber)
        try self.put([], in: self.keyspaces.ranges, appending: false, transaction)
    }

    mutating func deleteRangeEntry(_ entry: [UInt8], sequenceNumber: UInt64, container: UInt32,
                                   in transaction: borrowing WriteTransaction) throws {
        self.key.reset(container: container)
        self.key.append(entry)
        self.key.append(sequenceNumber)
        try self.delete(in: self.keyspaces.ranges, transaction)
    }

    private mutating func spatialKey(_ entry: SpatialEntry, sequenceNumber: UInt64, container: UInt32) {
        self.key.reset(container: container)
        self.key.append(entry.pathTag)
        self.key.append(entry.cell.row)
        self.key.append(entry.cell.column)
        self.key.append(sequenceNumber)
    }

    mutating func putSpatialEntry(_ entry: SpatialEntry, sequenceNumber: UInt64, container: UInt32,
                                  in transaction: borrowing WriteTransaction) throws {
        self.spatialKey(entry, sequenceNumber: sequenceNumber, container: container)
        var value: [UInt8] = []
        value.reserveCapacity(16)
        withUnsafeBytes(of: entry.point.longitude.bitPattern.littleEndian) { value.append(contentsOf: $0) }
        withUnsafeBytes(of: entry.point.latitude.bitPattern.littleEndian) { value.append(contentsOf: $0) }
        try self.put(value, in: self.keyspaces.spatial, appending: false, transaction)
    }

    mutating func deleteSpatialEntry(_ entry: SpatialEntry, sequenceNumber: UInt64, container: UInt32,
                                     in transaction: borrowing WriteTransaction) throws {
        self.spatialKey(entry, sequenceNumber: sequenceNumber, container: container)
        try self.delete(in: self.keyspaces.spatial, transaction)
    }

    /// Builds the unique-key index key in ``key``.
    mutating func uniqueKey(index: Int, hash: [UInt8], effectivePartitionKey: [UInt8], container: UInt32) {
        self.key.reset(container: container)
        self.key.append(byte: UInt8(index))
        self.key.append(effectivePartitionKey)
        self.key.append(hash)
    }

    mutating func putUniqueKey(index: Int, hash: [UInt8], effectivePartitionKey: [UInt8], sequenceNumber: UInt64,
                               container: UInt32, in transaction: borrowing WriteTransaction) throws {
        self.uniqueKey(index: index, hash: hash, effectivePartitionKey: effectivePartitionKey, container: container)
        var value = KeyBuilder(capacity: 8)
        value.append(sequenceNumber)
        try self.put(value.bytes, in: self.keyspaces.uniques, appending: false, transaction)
    }

    mutating func deleteUniqueKey(index: Int, hash: [UInt8], effectivePartitionKey: [UInt8], container: UInt32,
                                  in transaction: borrowing WriteTransaction) throws {
        self.uniqueKey(index: index, hash: hash, effectivePartitionKey: effectivePartitionKey, container: container)
        try self.delete(in: self.keyspaces.uniques, transaction)
    }

    private mutating func expiryKey(_ expiryMillis: Int64, sequenceNumber: UInt64, container: UInt32) {
        self.key.reset(container: container)
        self.key.append(signed: expiryMillis)
        self.key.append(sequenceNumber)
    }

    mutating func putExpiry(_ expiryMillis: Int64, sequenceNumber: UInt64, effectivePartitionKey: [UInt8], container: UInt32,
                            in transaction: borrowing WriteTransaction) throws {
        self.expiryKey(expiryMillis, sequenceNumber: sequenceNumber, container: container)
        try self.put(effectivePartitionKey, in: self.keyspaces.expiry, appending: false, transaction)
        self.statistics.expiryEntriesWritten += 1
    }

    mutating func deleteExpiry(_ expiryMillis: Int64, sequenceNumber: UInt64, container: UInt32,
                               in transaction: borrowing WriteTransaction) throws {
        self.expiryKey(expiryMillis, sequenceNumber: sequenceNumber, container: container)
        try self.delete(in: self.keyspaces.expiry, transaction)
    }

    /// The range-index entry for `_ts` (whole seconds) when the container's policy indexes it.
    func timestampEntry(container: ContainerProperties, millis: Int64) -> [UInt8]? {
        guard container.resolvedIndexingPolicy.isRangeIndexed(["_ts"]), var entry = KeyParts.pathTag(["_ts"]) else { return nil }
        IndexValueEncoding.appendNumber(Double(millis / 1000), to: &entry)
        return entry
    }
}
