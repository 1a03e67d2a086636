import LMDB

extension DocumentStore {
    /// Removes up to `limit` expired documents, and up to `limit` keys of each deleted container's data, in one
    /// write transaction. Expired documents are already invisible; this frees their space.
    @discardableResult
    public func sweep(limit: Int? = nil) throws -> SweepReport {
        let limit = limit ?? self.configuration.sweepBatchSize
        // Look before taking the writer: most wake-ups find nothing due.
        guard try self.read({ try $0.hasSweepWork() }) else { return SweepReport(expiredDocuments: 0, purgedKeys: 0) }
        return try self.perform { transaction, session in try session.sweep(limit: limit, in: transaction) }
    }
}

extension WriteSession {
    mutating func sweep(limit: Int, in transaction: borrowing WriteTransaction) throws -> SweepReport {
        var report = SweepReport(expiredDocuments: 0, purgedKeys: 0)
        for container in self.snapshot.containersByNumber.values where container.definition.defaultTimeToLive != nil {
            let remaining = limit - report.expiredDocuments
            guard remaining > 0 else { break }
            report.expiredDocuments += try self.removeExpired(in: container, limit: remaining, transaction: transaction)
        }
        report.purgedKeys = try self.purgeDeletedContainers(limit: limit, in: transaction)
        return report
    }

    private mutating func removeExpired(in container: ContainerProperties, limit: Int, transaction: borrowing WriteTransaction) throws -> Int {
        let prefix = KeyBuilder(container: container.number).bytes
        var due: [UInt64] = []
        try transaction.withCursor(in: self.keyspaces.expiry) { cursor in
            var entry = try cursor.seek(atOrAfter: prefix)
            while due.count < limit, let current = entry, KeyReader.hasPrefix(current.key, prefix), current.key.count == 20 {
                guard KeyReader.signed(current.key, at: 4) <= self.nowMillis else { break }
                due.append(KeyReader.uint64(current.key, at: 12))
                entry = try cursor.next()
            }
        }
        guard !due.isEmpty else { return 0 }
        var state = try self.state(of: container, in: transaction)
        var removed = 0
        for sequenceNumber in due {
            let existing = try DocumentLookup.withEnvelope(
                container: container.number,
                sequenceNumber: sequenceNumber,
                keyspaces: self.keyspaces,
                key: &self.key,
                in: transaction
            ) { envelope -> ExistingDocument? in
                guard envelope.isExpired(containerDefault: container.definition.defaultTimeToLive, nowMillis: self.nowMillis) else { return nil }
                let id = String(decoding: envelope.id, as: UTF8.self)
                return ExistingDocument(sequenceNumber: sequenceNumber, envelope: envelope, identitySuffix: KeyParts.identitySuffix(for: id))
            }
            guard let existing = existing ?? nil else { continue }
            try self.remove(existing, container: container, state: &state, in: transaction)
            removed += 1
        }
        self.states[container.number] = state
        self.statistics.expiredRemoved += removed
        return removed
    }

    /// Deletes the data of deleted containers, `limit` keys per keyspace per call; drops a container's purge marker
    /// once nothing of it is left.
    private mutating func purgeDeletedContainers(limit: Int, in transaction: borrowing WriteTransaction) throws -> Int {
        var markers: [UInt32] = []
        try transaction.withCursor(in: self.keyspaces.catalog) { cursor in
            var entry = try cursor.seek(atOrAfter: Catalog.purgePrefix)
            while let current = entry, KeyReader.hasPrefix(current.key, Catalog.purgePrefix), current.key.count == 5 {
                markers.append(KeyReader.uint32(current.key, at: 1))
                entry = try cursor.next()
            }
        }
        var purged = 0
        for number in markers {
            let prefix = KeyBuilder(container: number).bytes
            var finished = true
            for keyspace in self.keyspaces.containerScoped {
                let deleted = try Self.deleteKeys(withPrefix: prefix, in: keyspace, limit: limit, transaction: transaction)
                purged += deleted
                if deleted == limit { finished = false }
            }
            if finished {
                _ = try transaction.delete(forKey: Catalog.purgeKey(number), in: self.keyspaces.catalog)
            }
        }
        return purged
    }
}
