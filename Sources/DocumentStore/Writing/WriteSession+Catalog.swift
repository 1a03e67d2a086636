import JSON
import LMDB

/// Catalog changes: databases and containers. Each bumps the catalog generation so that every reader's cache
/// notices.
extension WriteSession {
    mutating func createDatabase(_ id: String, throughput: Throughput?, in transaction: borrowing WriteTransaction) throws -> DatabaseProperties {
        try ResourceName.validateName(id, kind: "database")
        try throughput?.validate()
        guard self.snapshot.database(id) == nil else {
            throw StoreError(.conflict, "database '\(id)' already exists")
        }
        var counters = try self.counters(in: transaction)
        let database = DatabaseProperties(
            id: id,
            number: UInt32(counters.nextDatabase),
            timestamp: self.nowMillis / 1000,
            etag: Self.catalogEtag(counters.nextEtag),
            throughput: throughput
        )
        counters.nextDatabase += 1
        try self.saveDatabase(database, counters: &counters, in: transaction)
        return database
    }

    mutating func replaceThroughput(
        ofDatabase id: String,
        with throughput: Throughput,
        in transaction: borrowing WriteTransaction
    ) throws -> DatabaseProperties {
        try throughput.validate()
        guard let old = self.snapshot.database(id) else {
            throw StoreError(.notFound, "database '\(id)' does not exist")
        }
        guard old.throughput != nil else {
            throw StoreError(.notFound, "database '\(id)' has no throughput of its own (its containers have theirs)")
        }
        var counters = try self.counters(in: transaction)
        let database = DatabaseProperties(
            id: id,
            number: old.number,
            timestamp: self.nowMillis / 1000,
            etag: Self.catalogEtag(counters.nextEtag),
            throughput: throughput
        )
        try self.saveDatabase(database, counters: &counters, in: transaction)
        return database
    }

    /// Writes a database record under a new etag.
    private mutating func saveDatabase(_ database: DatabaseProperties, counters: inout CatalogCounters, in transaction: borrowing WriteTransaction) throws {
        counters.nextEtag += 1
        try self.save(counters, in: transaction)
        try transaction.put(Catalog.encodeDatabase(database), forKey: Catalog.databaseKey(database.id), in: self.keyspaces.catalog)
        try self.bumpGeneration(in: transaction)
    }

    /// Deletes a database and every container in it.
    mutating func deleteDatabase(_ id: String, in transaction: borrowing WriteTransaction) throws {
        guard self.snapshot.database(id) != nil else {
            throw StoreError(.notFound, "database '\(id)' does not exist")
        }
        for container in self.snapshot.containers(in: id) {
            try self.forgetContainer(container, in: transaction)
        }
        _ = try transaction.delete(forKey: Catalog.databaseKey(id), in: self.keyspaces.catalog)
        try self.bumpGeneration(in: transaction)
    }

    mutating func createContainer(
        _ definition: ContainerDefinition,
        in databaseID: String,
        transaction: borrowing WriteTransaction
    ) throws -> ContainerProperties {
        try definition.validate()
        guard let database = self.snapshot.database(databaseID) else {
            throw StoreError(.notFound, "database '\(databaseID)' does not exist")
        }
        guard self.snapshot.container(definition.id, in: databaseID) == nil else {
            throw StoreError(.conflict, "container '\(definition.id)' already exists in database '\(databaseID)'")
        }
        var counters = try self.counters(in: transaction)
        let container = ContainerProperties(
            definition: definition,
            databaseID: databaseID,
            databaseNumber: database.number,
            number: UInt32(counters.nextContainer),
            timestamp: self.nowMillis / 1000,
            etag: Self.catalogEtag(counters.nextEtag)
        )
        counters.nextContainer += 1
        counters.nextEtag += 1
        try self.save(counters, in: transaction)
        try transaction.put(
            Catalog.encodeContainer(container),
            forKey: Catalog.containerKey(database: databaseID, container: definition.id),
            in: self.keyspaces.catalog
        )
        try self.bumpGeneration(in: transaction)
        return container
    }

    /// Replaces a container's definition. The partition key, the number of ranges and the unique keys cannot change.
    /// A new indexing policy rebuilds the container's indexes, and a new `defaultTtl` rebuilds its expiry index and
    /// applies to existing documents at once; both take time proportional to the container's size.
    mutating func replaceContainer(
        _ definition: ContainerDefinition,
        in databaseID: String,
        condition: WriteCondition,
        transaction: borrowing WriteTransaction
    ) throws -> ContainerProperties {
        try definition.validate()
        guard let old = self.snapshot.container(definition.id, in: databaseID) else {
            throw StoreError(.notFound, "container '\(definition.id)' does not exist in database '\(databaseID)'")
        }
        if let ifMatch = condition.ifMatch, ifMatch != "*", ifMatch != old.etag {
            throw StoreError(.preconditionFailed, "the container has changed: its etag is \(old.etag), not \(ifMatch)")
        }
        guard definition.partitionKey.paths == old.definition.partitionKey.paths,
            definition.partitionKey.kind == old.definition.partitionKey.kind
        else {
            throw StoreError(.badRequest, "the partition key of a container cannot be changed")
        }
        guard definition.uniqueKeys == old.definition.uniqueKeys else {
            throw StoreError(.badRequest, "the unique keys of a container cannot be changed")
        }
        guard definition.partitionKeyRangeCount == old.definition.partitionKeyRangeCount else {
            throw StoreError(.badRequest, "the number of partition key ranges of a container cannot be changed")
        }
        var counters = try self.counters(in: transaction)
        let container = ContainerProperties(
            definition: definition,
            databaseID: databaseID,
            databaseNumber: old.databaseNumber,
            number: old.number,
            timestamp: self.nowMillis / 1000,
            etag: Self.catalogEtag(counters.nextEtag)
        )
        counters.nextEtag += 1
        try self.save(counters, in: transaction)
        try transaction.put(
            Catalog.encodeContainer(container),
            forKey: Catalog.containerKey(database: databaseID, container: definition.id),
            in: self.keyspaces.catalog
        )
        let rebuildIndexes = old.resolvedIndexingPolicy != container.resolvedIndexingPolicy
        let rebuildExpiry = old.definition.defaultTimeToLive != definition.defaultTimeToLive
        if rebuildIndexes || rebuildExpiry {
            try self.rebuild(container, indexes: rebuildIndexes, expiry: rebuildExpiry, in: transaction)
        }
        try self.bumpGeneration(in: transaction)
        return container
    }

    mutating func deleteContainer(_ id: String, in databaseID: String, transaction: borrowing WriteTransaction) throws {
        guard let container = self.snapshot.container(id, in: databaseID) else {
            throw StoreError(.notFound, "container '\(id)' does not exist in database '\(databaseID)'")
        }
        try self.forgetContainer(container, in: transaction)
        try self.bumpGeneration(in: transaction)
    }

    /// Removes a container from the catalog at once and queues its data for the background purge (container numbers
    /// are never reused, so the data is unreachable from now on).
    private mutating func forgetContainer(_ container: ContainerProperties, in transaction: borrowing WriteTransaction) throws {
        _ = try transaction.delete(
            forKey: Catalog.containerKey(database: container.databaseID, container: container.id),
            in: self.keyspaces.catalog
        )
        _ = try transaction.delete(forKey: Catalog.stateKey(container.number), in: self.keyspaces.catalog)
        try transaction.put([], forKey: Catalog.purgeKey(container.number), in: self.keyspaces.catalog)
        self.states[container.number] = nil
    }

    /// Re-derives a container's secondary indexes and/or expiry entries from its documents.
    private mutating func rebuild(
        _ container: ContainerProperties,
        indexes: Bool,
        expiry: Bool,
        in transaction: borrowing WriteTransaction
    ) throws {
        let prefix = KeyBuilder(container: container.number).bytes
        var keyspacesToClear: [Keyspace] = []
        if indexes { keyspacesToClear += [self.keyspaces.ranges, self.keyspaces.spatial] }
        if expiry { keyspacesToClear.append(self.keyspaces.expiry) }
        for keyspace in keyspacesToClear {
            _ = try Self.deleteKeys(withPrefix: prefix, in: keyspace, limit: .max, transaction: transaction)
        }
        try self.forEachStoredDocument(of: container, in: transaction) { session, document in
            try session.rebuildEntries(of: document, container: container, indexes: indexes, expiry: expiry, in: transaction)
        }
    }

    /// Adds the spatial entries of geometries that are not points (``SpatialCell/unplaced``) to every container with a
    /// spatial path: format 2 stores did not index them. Other entries are already right and are left alone.
    mutating func addUnplacedSpatialEntries(in transaction: borrowing WriteTransaction) throws {
        for container in self.snapshot.allContainers where !container.resolvedIndexingPolicy.spatialPaths.isEmpty {
            try self.forEachStoredDocument(of: container, in: transaction) { session, document in
                let entries = DocumentPreparer.indexEntries(ofStoredBody: document.body, container: container)
                for entry in entries.spatial where entry.cell == .unplaced {
                    try session.putSpatialEntry(entry, sequenceNumber: document.sequenceNumber, container: container.number, in: transaction)
                }
            }
        }
    }

    /// Calls `body` with each stored document of `container` (expired ones included), in sequence order.
    private mutating func forEachStoredDocument(
        of container: ContainerProperties,
        in transaction: borrowing WriteTransaction,
        _ body: (inout WriteSession, ExistingDocument) throws -> Void
    ) throws {
        let prefix = KeyBuilder(container: container.number).bytes
        // Writing other keyspaces does not disturb a cursor on the documents keyspace, so each document is handled
        // as the scan reaches it and memory stays flat however large the container is.
        try transaction.withCursor(in: self.keyspaces.documents) { cursor in
            var entry = try cursor.seek(atOrAfter: prefix)
            while let current = entry, KeyReader.hasPrefix(current.key, prefix) {
                let sequenceNumber = KeyReader.uint64(current.key, at: 4)
                if let envelope = EnvelopeView(current.value) {
                    try body(&self, ExistingDocument(sequenceNumber: sequenceNumber, envelope: envelope, identitySuffix: []))
                }
                entry = try cursor.next()
            }
        }
    }

    private mutating func rebuildEntries(
        of document: ExistingDocument,
        container: ContainerProperties,
        indexes: Bool,
        expiry: Bool,
        in transaction: borrowing WriteTransaction
    ) throws {
        let sequenceNumber = document.sequenceNumber
        if indexes {
            let entries = DocumentPreparer.indexEntries(ofStoredBody: document.body, container: container)
            for entry in entries.range {
                try self.putRangeEntry(entry, sequenceNumber: sequenceNumber, container: container.number, in: transaction)
            }
            if let entry = self.timestampEntry(container: container, millis: document.timestampMillis) {
                try self.putRangeEntry(entry, sequenceNumber: sequenceNumber, container: container.number, in: transaction)
            }
            for entry in entries.spatial {
                try self.putSpatialEntry(entry, sequenceNumber: sequenceNumber, container: container.number, in: transaction)
            }
        }
        if expiry, let expiryMillis = TimeToLive.expiry(
            writtenAtMillis: document.timestampMillis,
            itemTimeToLive: document.itemTimeToLive,
            containerDefault: container.definition.defaultTimeToLive
        ) {
            try self.putExpiry(expiryMillis, sequenceNumber: sequenceNumber, effectivePartitionKey: document.effectivePartitionKey,
                               container: container.number, in: transaction)
        }
    }

    /// Deletes up to `limit` keys starting with `prefix`; answers how many it deleted.
    static func deleteKeys(withPrefix prefix: [UInt8], in keyspace: Keyspace, limit: Int, transaction: borrowing WriteTransaction) throws -> Int {
        var deleted = 0
        try transaction.withCursor(in: keyspace) { cursor in
            var entry = try cursor.seek(atOrAfter: prefix)
            while deleted < limit, let current = entry, KeyReader.hasPrefix(current.key, prefix) {
                try cursor.deleteCurrent()
                deleted += 1
                // Re-seek rather than ask for the current entry: after deleting the last entry of the tree LMDB leaves
                // the cursor unpositioned.
                entry = try cursor.seek(atOrAfter: prefix)
            }
        }
        return deleted
    }

    // MARK: Counters and generation

    private struct CatalogCounters {
        var nextDatabase: UInt64 = 1
        var nextContainer: UInt64 = 1
        var nextEtag: UInt64 = 1
    }

    private func counters(in transaction: borrowing WriteTransaction) throws -> CatalogCounters {
        try transaction.withValue(forKey: Catalog.countersKey, in: self.keyspaces.catalog) { bytes in
            guard bytes.count == 24 else { return CatalogCounters() }
            return CatalogCounters(
                nextDatabase: KeyReader.uint64(bytes, at: 0),
                nextContainer: KeyReader.uint64(bytes, at: 8),
                nextEtag: KeyReader.uint64(bytes, at: 16)
            )
        } ?? CatalogCounters()
    }

    private func save(_ counters: CatalogCounters, in transaction: borrowing WriteTransaction) throws {
        var bytes = KeyBuilder(capacity: 24)
        bytes.append(counters.nextDatabase)
        bytes.append(counters.nextContainer)
        bytes.append(counters.nextEtag)
        try transaction.put(bytes.bytes, forKey: Catalog.countersKey, in: self.keyspaces.catalog)
    }

    private mutating func bumpGeneration(in transaction: borrowing WriteTransaction) throws {
        var generation = KeyBuilder(capacity: 8)
        generation.append(try self.catalog.generation(in: transaction) + 1)
        try transaction.put(generation.bytes, forKey: Catalog.generationKey, in: self.keyspaces.catalog)
        try self.reloadCatalog(in: transaction)
    }

    private static func catalogEtag(_ serial: UInt64) -> String {
        "\"00000000-0000-0000-" + SystemProperties.hex(serial >> 48, digits: 4) + "-" + SystemProperties.hex(serial & 0xFFFF_FFFF_FFFF, digits: 12) + "\""
    }
}
