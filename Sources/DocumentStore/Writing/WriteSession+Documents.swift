import JSON
import LMDB

/// How a write treats an existing document with the same identity.
public enum WriteMode: Sendable, Hashable {
    /// Fail with `conflict` if the document exists.
    case create
    /// Create or replace. Writing a body equal to the stored one changes nothing (idempotent re-delivery).
    case upsert
    /// Fail with `notFound` unless the document exists.
    case replace
}

/// Optimistic-concurrency conditions on a write, as the `If-Match` / `If-None-Match` headers carry them.
public struct WriteCondition: Sendable, Hashable {
    /// The write proceeds only if the stored document has this etag (quoted, as returned), or `*` for "exists".
    public var ifMatch: String?
    /// `*`: the write proceeds only if the document does not exist.
    public var ifNoneMatch: String?

    public init(ifMatch: String? = nil, ifNoneMatch: String? = nil) {
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
    }

    public static let none = WriteCondition()
}

/// What a write did.
public enum WriteOutcome: String, Sendable, Hashable {
    case created
    case replaced
    /// The body equalled the stored one: nothing changed (same `_etag`, same `_ts`, no change-feed entry).
    case unchanged
}

/// The outcome of one document write and the document as stored afterwards.
public struct WriteResult: Sendable {
    public let outcome: WriteOutcome
    public let document: StoredDocument
}

extension WriteSession {
    // MARK: Writes

    /// Creates, upserts or replaces one prepared document.
    mutating func write(
        _ document: PreparedDocument,
        mode: WriteMode,
        condition: WriteCondition = .none,
        container: ContainerProperties,
        in transaction: borrowing WriteTransaction
    ) throws -> WriteResult {
        var state = try self.state(of: container, in: transaction)
        var existing = try self.existingDocument(
            container: container,
            effectivePartitionKey: document.effectivePartitionKey,
            identitySuffix: document.identitySuffix,
            in: transaction
        )
        if let found = existing, self.isExpired(found, container: container) {
            // An expired document is gone already for every reader; removing it here frees its id. The counters are
            // saved at once so that they stay right even if this write is then refused.
            try self.remove(found, container: container, state: &state, in: transaction)
            self.statistics.expiredRemoved += 1
            self.states[container.number] = state
            existing = nil
        }
        try Self.check(condition, existing: existing, container: container)
        switch (mode, existing) {
        case (.create, _?):
            throw StoreError(.conflict, "a document with id '\(document.id)' already exists in partition \(document.partitionKey)")
        case (.replace, nil):
            throw StoreError(.notFound, "no document with id '\(document.id)' exists in partition \(document.partitionKey)")
        default:
            break
        }
        let result: WriteResult
        if let old = existing {
            if mode == .upsert, Self.bodiesAreEqual(old.body, document.body) {
                self.statistics.unchanged += 1
                result = WriteResult(outcome: .unchanged, document: self.storedDocument(old, id: document.id, container: container))
            } else {
                result = try self.replace(old, with: document, container: container, state: &state, in: transaction)
                self.statistics.replaced += 1
            }
        } else {
            result = try self.insert(document, container: container, state: &state, in: transaction)
            self.statistics.created += 1
        }
        self.states[container.number] = state
        return result
    }

    /// Deletes one document; throws `notFound` when it does not exist (or has expired).
    mutating func delete(
        id: String,
        partitionKey: PartitionKeyValue,
        condition: WriteCondition = .none,
        container: ContainerProperties,
        in transaction: borrowing WriteTransaction
    ) throws {
        var state = try self.state(of: container, in: transaction)
        let epk = EffectivePartitionKey(partitionKey, kind: container.definition.partitionKey.kind).bytes
        let existing = try self.existingDocument(
            container: container,
            effectivePartitionKey: epk,
            identitySuffix: KeyParts.identitySuffix(for: id),
            in: transaction
        )
        guard let old = existing, !self.isExpired(old, container: container) else {
            if let old = existing {
                try self.remove(old, container: container, state: &state, in: transaction)
                self.statistics.expiredRemoved += 1
                self.states[container.number] = state
            }
            throw StoreError(.notFound, "no document with id '\(id)' exists in partition \(partitionKey)")
        }
        try Self.check(condition, existing: old, container: container)
        try self.remove(old, container: container, state: &state, in: transaction)
        self.statistics.deleted += 1
        self.states[container.number] = state
    }

    /// Reads one live document inside the write transaction (for batches and patches).
    mutating func read(
        id: String,
        partitionKey: PartitionKeyValue,
        container: ContainerProperties,
        in transaction: borrowing WriteTransaction
    ) throws -> StoredDocument? {
        let epk = EffectivePartitionKey(partitionKey, kind: container.definition.partitionKey.kind).bytes
        guard let existing = try self.existingDocument(
            container: container,
            effectivePartitionKey: epk,
            identitySuffix: KeyParts.identitySuffix(for: id),
            in: transaction
        ), !self.isExpired(existing, container: container) else { return nil }
        return self.storedDocument(existing, id: id, container: container)
    }

    // MARK: Steps

    private mutating func existingDocument(
        container: ContainerProperties,
        effectivePartitionKey: [UInt8],
        identitySuffix: [UInt8],
        in transaction: borrowing WriteTransaction
    ) throws -> ExistingDocument? {
        guard let sequenceNumber = try DocumentLookup.sequenceNumber(
            container: container.number,
            effectivePartitionKey: effectivePartitionKey,
            identitySuffix: identitySuffix,
            keyspaces: self.keyspaces,
            key: &self.key,
            in: transaction
        ) else { return nil }
        return try DocumentLookup.withEnvelope(
            container: container.number,
            sequenceNumber: sequenceNumber,
            keyspaces: self.keyspaces,
            key: &self.key,
            in: transaction
        ) { envelope in
            ExistingDocument(sequenceNumber: sequenceNumber, envelope: envelope, identitySuffix: identitySuffix)
        }
    }

    private func isExpired(_ document: ExistingDocument, container: ContainerProperties) -> Bool {
        guard let expiry = TimeToLive.expiry(
            writtenAtMillis: document.timestampMillis,
            itemTimeToLive: document.itemTimeToLive,
            containerDefault: container.definition.defaultTimeToLive
        ) else { return false }
        return self.nowMillis >= expiry
    }

    private static func check(_ condition: WriteCondition, existing: ExistingDocument?, container: ContainerProperties) throws {
        if let ifMatch = condition.ifMatch {
            guard let existing else {
                throw StoreError(.preconditionFailed, "the document does not exist, so If-Match \(ifMatch) cannot hold")
            }
            if ifMatch != "*" && ifMatch != existing.etag(container: container.number) {
                throw StoreError(
                    .preconditionFailed,
                    "the document has changed: its etag is \(existing.etag(container: container.number)), not \(ifMatch)"
                )
            }
        }
        if let ifNoneMatch = condition.ifNoneMatch, let existing {
            if ifNoneMatch == "*" || ifNoneMatch == existing.etag(container: container.number) {
                throw StoreError(.preconditionFailed, "the document exists and If-None-Match is \(ifNoneMatch)")
            }
        }
    }

    /// Byte equality, or else JSON value equality (a re-delivery may differ only in escapes or key order).
    private static func bodiesAreEqual(_ stored: [UInt8], _ incoming: [UInt8]) -> Bool {
        if stored == incoming { return true }
        guard let old = try? JSONReader.parse(stored), let new = try? JSONReader.parse(incoming) else { return false }
        return old == new
    }

    private mutating func insert(
        _ document: PreparedDocument,
        container: ContainerProperties,
        state: inout ContainerState,
        in transaction: borrowing WriteTransaction
    ) throws -> WriteResult {
        let number = container.number
        try self.checkUniqueKeys(document, replacing: nil, container: container, in: transaction)
        let sequenceNumber = state.nextSequenceNumber
        state.nextSequenceNumber += 1
        let lsn = state.nextLSN
        state.nextLSN += 1
        let timestamp = self.nextTimestamp(for: &state)

        try self.putEnvelope(document, sequenceNumber: sequenceNumber, lsn: lsn, timestamp: timestamp, container: number, in: transaction)
        var value = KeyBuilder(capacity: 8)
        value.append(sequenceNumber)
        self.key.reset(container: number)
        self.key.append(document.effectivePartitionKey)
        self.key.append(document.identitySuffix)
        try self.put(value.bytes, in: self.keyspaces.identities, appending: false, transaction)
        try self.putChange(lsn: lsn, sequenceNumber: sequenceNumber, effectivePartitionKey: document.effectivePartitionKey, container: number, in: transaction)
        for entry in document.rangeEntries {
            try self.putRangeEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        if let entry = self.timestampEntry(container: container, millis: timestamp) {
            try self.putRangeEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        for entry in document.spatialEntries {
            try self.putSpatialEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        for (index, hash) in document.uniqueKeyHashes.enumerated() {
            try self.putUniqueKey(index: index, hash: hash, effectivePartitionKey: document.effectivePartitionKey,
                                  sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        if let expiry = TimeToLive.expiry(
            writtenAtMillis: timestamp,
            itemTimeToLive: document.itemTimeToLive,
            containerDefault: container.definition.defaultTimeToLive
        ) {
            try self.putExpiry(expiry, sequenceNumber: sequenceNumber, effectivePartitionKey: document.effectivePartitionKey,
                               container: number, in: transaction)
        }
        let rangeIndex = PartitionKeyRange.index(
            of: EffectivePartitionKey(bytes: document.effectivePartitionKey),
            in: container.partitionKeyRanges
        )
        state.rangeCounts[rangeIndex] += 1
        return WriteResult(
            outcome: .created,
            document: self.storedDocument(document, sequenceNumber: sequenceNumber, lsn: lsn, timestamp: timestamp, container: container)
        )
    }

    private mutating func replace(
        _ old: ExistingDocument,
        with document: PreparedDocument,
        container: ContainerProperties,
        state: inout ContainerState,
        in transaction: borrowing WriteTransaction
    ) throws -> WriteResult {
        let number = container.number
        let sequenceNumber = old.sequenceNumber
        let oldEntries = DocumentPreparer.indexEntries(ofStoredBody: old.body, container: container)
        try self.checkUniqueKeys(document, replacing: old, container: container, in: transaction)
        let lsn = state.nextLSN
        state.nextLSN += 1
        let timestamp = self.nextTimestamp(for: &state)

        try self.putEnvelope(document, sequenceNumber: sequenceNumber, lsn: lsn, timestamp: timestamp, container: number, in: transaction)
        try self.deleteChange(lsn: old.lsn, container: number, in: transaction)
        try self.putChange(lsn: lsn, sequenceNumber: sequenceNumber, effectivePartitionKey: document.effectivePartitionKey, container: number, in: transaction)

        // Only index entries whose value changed are touched: the key holds the stable sequence number.
        let newRange = Set(document.rangeEntries)
        let oldRange = Set(oldEntries.range)
        for entry in oldRange.subtracting(newRange) {
            try self.deleteRangeEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        for entry in newRange.subtracting(oldRange) {
            try self.putRangeEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        if let oldEntry = self.timestampEntry(container: container, millis: old.timestampMillis) {
            try self.deleteRangeEntry(oldEntry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        if let entry = self.timestampEntry(container: container, millis: timestamp) {
            try self.putRangeEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        if oldEntries.spatial != document.spatialEntries {
            for entry in oldEntries.spatial {
                try self.deleteSpatialEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
            }
            for entry in document.spatialEntries {
                try self.putSpatialEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
            }
        }
        for (index, hash) in document.uniqueKeyHashes.enumerated() where index >= oldEntries.uniqueKeyHashes.count || oldEntries.uniqueKeyHashes[index] != hash {
            if index < oldEntries.uniqueKeyHashes.count {
                try self.deleteUniqueKey(index: index, hash: oldEntries.uniqueKeyHashes[index],
                                         effectivePartitionKey: old.effectivePartitionKey, container: number, in: transaction)
            }
            try self.putUniqueKey(index: index, hash: hash, effectivePartitionKey: document.effectivePartitionKey,
                                  sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        let defaultTimeToLive = container.definition.defaultTimeToLive
        let oldExpiry = TimeToLive.expiry(writtenAtMillis: old.timestampMillis, itemTimeToLive: old.itemTimeToLive, containerDefault: defaultTimeToLive)
        let newExpiry = TimeToLive.expiry(writtenAtMillis: timestamp, itemTimeToLive: document.itemTimeToLive, containerDefault: defaultTimeToLive)
        if oldExpiry != newExpiry {
            if let oldExpiry {
                try self.deleteExpiry(oldExpiry, sequenceNumber: sequenceNumber, container: number, in: transaction)
            }
            if let newExpiry {
                try self.putExpiry(newExpiry, sequenceNumber: sequenceNumber, effectivePartitionKey: document.effectivePartitionKey,
                                   container: number, in: transaction)
            }
        }
        return WriteResult(
            outcome: .replaced,
            document: self.storedDocument(document, sequenceNumber: sequenceNumber, lsn: lsn, timestamp: timestamp, container: container)
        )
    }

    /// Removes a document and everything that refers to it.
    mutating func remove(
        _ old: ExistingDocument,
        container: ContainerProperties,
        state: inout ContainerState,
        in transaction: borrowing WriteTransaction
    ) throws {
        let number = container.number
        let sequenceNumber = old.sequenceNumber
        let entries = DocumentPreparer.indexEntries(ofStoredBody: old.body, container: container)
        self.key.reset(container: number)
        self.key.append(sequenceNumber)
        try self.delete(in: self.keyspaces.documents, transaction)
        self.key.reset(container: number)
        self.key.append(old.effectivePartitionKey)
        self.key.append(old.identitySuffix)
        try self.delete(in: self.keyspaces.identities, transaction)
        try self.deleteChange(lsn: old.lsn, container: number, in: transaction)
        for entry in entries.range {
            try self.deleteRangeEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        if let entry = self.timestampEntry(container: container, millis: old.timestampMillis) {
            try self.deleteRangeEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        for entry in entries.spatial {
            try self.deleteSpatialEntry(entry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        for (index, hash) in entries.uniqueKeyHashes.enumerated() {
            try self.deleteUniqueKey(index: index, hash: hash, effectivePartitionKey: old.effectivePartitionKey, container: number, in: transaction)
        }
        if let expiry = TimeToLive.expiry(
            writtenAtMillis: old.timestampMillis,
            itemTimeToLive: old.itemTimeToLive,
            containerDefault: container.definition.defaultTimeToLive
        ) {
            try self.deleteExpiry(expiry, sequenceNumber: sequenceNumber, container: number, in: transaction)
        }
        let rangeIndex = PartitionKeyRange.index(of: EffectivePartitionKey(bytes: old.effectivePartitionKey), in: container.partitionKeyRanges)
        state.rangeCounts[rangeIndex] -= 1
    }

    private mutating func checkUniqueKeys(
        _ document: PreparedDocument,
        replacing old: ExistingDocument?,
        container: ContainerProperties,
        in transaction: borrowing WriteTransaction
    ) throws {
        for (index, hash) in document.uniqueKeyHashes.enumerated() {
            self.uniqueKey(index: index, hash: hash, effectivePartitionKey: document.effectivePartitionKey, container: container.number)
            let owner = try self.key.withBytes { bytes in
                try transaction.withValue(forKey: bytes, in: self.keyspaces.uniques) { KeyReader.uint64($0, at: 0) }
            }
            if let owner, owner != old?.sequenceNumber {
                let paths = container.definition.uniqueKeys[index].joined(separator: ", ")
                throw StoreError(.conflict, "another document in partition \(document.partitionKey) already has these values for the unique key (\(paths))")
            }
        }
    }

    // MARK: Results

    private func storedDocument(_ existing: ExistingDocument, id: String, container: ContainerProperties) -> StoredDocument {
        StoredDocument(
            id: id,
            body: existing.body,
            sequenceNumber: existing.sequenceNumber,
            lsn: existing.lsn,
            timestampMillis: existing.timestampMillis,
            itemTimeToLive: existing.itemTimeToLive,
            effectivePartitionKey: EffectivePartitionKey(bytes: existing.effectivePartitionKey),
            databaseNumber: container.databaseNumber,
            containerNumber: container.number
        )
    }

    private func storedDocument(
        _ document: PreparedDocument,
        sequenceNumber: UInt64,
        lsn: UInt64,
        timestamp: Int64,
        container: ContainerProperties
    ) -> StoredDocument {
        StoredDocument(
            id: document.id,
            body: document.body,
            sequenceNumber: sequenceNumber,
            lsn: lsn,
            timestampMillis: timestamp,
            itemTimeToLive: document.itemTimeToLive,
            effectivePartitionKey: EffectivePartitionKey(bytes: document.effectivePartitionKey),
            databaseNumber: container.databaseNumber,
            containerNumber: container.number
        )
    }
}
