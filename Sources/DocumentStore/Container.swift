public import JSON

/// A handle to one container: document writes, reads and ingestion.
///
/// The handle names the container by its internal number: if the container is deleted (even if another with the
/// same id is created later), operations through this handle fail with `notFound`.
public struct Container: Sendable {
    public let store: DocumentStore
    /// The container's properties when the handle was made (the store always writes against the current ones).
    public let properties: ContainerProperties

    public var id: String { self.properties.id }
    public var databaseID: String { self.properties.databaseID }

    // MARK: Writes

    /// Writes one document (a JSON object) and answers what happened.
    /// - Parameters:
    ///   - partitionKey: the partition key the caller believes the document has; a mismatch is an error.
    /// - Throws: ``StoreError``: `badRequest` (invalid JSON, id, partition key, ttl), `documentTooLarge`,
    ///   `conflict` (create of an existing id, unique key clash), `notFound` (replace of a missing id),
    ///   `preconditionFailed` (etag condition).
    @discardableResult
    public func write(
        _ json: [UInt8],
        mode: WriteMode,
        partitionKey: PartitionKeyValue? = nil,
        condition: WriteCondition = .none
    ) throws -> WriteResult {
        let prepared = try self.prepare(json, partitionKey: partitionKey)
        let properties = self.properties
        return try self.store.perform(isolated: false) { transaction, session in
            let current = try session.currentContainer(properties.number)
            let document = try Self.current(prepared, json: json, partitionKey: partitionKey, for: current)
            return try session.write(document, mode: mode, condition: condition, container: current, in: transaction)
        }
    }

    @discardableResult
    public func write(
        _ json: [UInt8],
        mode: WriteMode,
        partitionKey: PartitionKeyValue? = nil,
        condition: WriteCondition = .none
    ) async throws -> WriteResult {
        let prepared = try self.prepare(json, partitionKey: partitionKey)
        let properties = self.properties
        return try await self.store.perform(isolated: false) { transaction, session in
            let current = try session.currentContainer(properties.number)
            let document = try Self.current(prepared, json: json, partitionKey: partitionKey, for: current)
            return try session.write(document, mode: mode, condition: condition, container: current, in: transaction)
        }
    }

    /// Creates a document; fails with `conflict` when its id exists in its logical partition.
    @discardableResult
    public func create(_ json: String, partitionKey: PartitionKeyValue? = nil) throws -> StoredDocument {
        try self.write(Array(json.utf8), mode: .create, partitionKey: partitionKey).document
    }

    /// Creates or replaces a document. Re-delivering a body equal to the stored one changes nothing.
    @discardableResult
    public func upsert(_ json: String, partitionKey: PartitionKeyValue? = nil, condition: WriteCondition = .none) throws -> WriteResult {
        try self.write(Array(json.utf8), mode: .upsert, partitionKey: partitionKey, condition: condition)
    }

    /// Replaces an existing document (its id comes from the body).
    @discardableResult
    public func replace(_ json: String, partitionKey: PartitionKeyValue? = nil, condition: WriteCondition = .none) throws -> StoredDocument {
        try self.write(Array(json.utf8), mode: .replace, partitionKey: partitionKey, condition: condition).document
    }

    /// Writes a JSON value (an object).
    @discardableResult
    public func write(_ value: JSONValue, mode: WriteMode, partitionKey: PartitionKeyValue? = nil, condition: WriteCondition = .none) throws -> WriteResult {
        try self.write(JSONWriter.bytes(from: value), mode: mode, partitionKey: partitionKey, condition: condition)
    }

    /// Deletes a document; fails with `notFound` when it does not exist.
    public func delete(id: String, partitionKey: PartitionKeyValue, condition: WriteCondition = .none) throws {
        let number = self.properties.number
        try self.store.perform(isolated: false) { transaction, session in
            try session.delete(id: id, partitionKey: partitionKey, condition: condition,
                               container: try session.currentContainer(number), in: transaction)
        }
    }

    public func delete(id: String, partitionKey: PartitionKeyValue, condition: WriteCondition = .none) async throws {
        let number = self.properties.number
        try await self.store.perform(isolated: false) { transaction, session in
            try session.delete(id: id, partitionKey: partitionKey, condition: condition,
                               container: try session.currentContainer(number), in: transaction)
        }
    }

    // MARK: Reads

    /// The live document with this identity, or `nil`.
    public func read(id: String, partitionKey: PartitionKeyValue) throws -> StoredDocument? {
        try self.lookUp(id: id, partitionKey: partitionKey)
    }

    /// A point read is one B-tree lookup of a few microseconds, so it runs on the calling task: handing it to a reader
    /// thread and back cost more than the read (two thread wake-ups per request on the server's point-read path).
    public func read(id: String, partitionKey: PartitionKeyValue) async throws -> StoredDocument? {
        try self.lookUp(id: id, partitionKey: partitionKey)
    }

    private func lookUp(id: String, partitionKey: PartitionKeyValue) throws -> StoredDocument? {
        let number = self.properties.number
        return try self.store.read { snapshot in
            try snapshot.document(id: id, partitionKey: partitionKey, in: try snapshot.currentContainer(number))
        }
    }

    /// The number of live documents, from counters.
    public func count() throws -> Int64 {
        let number = self.properties.number
        return try self.store.read { snapshot in try snapshot.documentCount(in: try snapshot.currentContainer(number)) }
    }

    // MARK: Helpers

    func prepare(_ json: [UInt8], partitionKey: PartitionKeyValue?) throws(StoreError) -> PreparedDocument {
        try DocumentPreparer.prepare(json, for: self.properties, partitionKey: partitionKey)
    }

    /// `prepared` if it was made against the container's current definition, else a fresh preparation.
    static func current(
        _ prepared: PreparedDocument,
        json: [UInt8],
        partitionKey: PartitionKeyValue?,
        for container: ContainerProperties
    ) throws -> PreparedDocument {
        if prepared.definitionEtag == container.etag { return prepared }
        return try DocumentPreparer.prepare(json, for: container, partitionKey: partitionKey)
    }
}

extension WriteSession {
    /// The container with this number as this transaction sees it, or `notFound` if it was deleted.
    func currentContainer(_ number: UInt32) throws(StoreError) -> ContainerProperties {
        guard let container = self.snapshot.container(number: number) else {
            throw StoreError(.notFound, "the container no longer exists")
        }
        return container
    }
}

extension StoreSnapshot {
    /// The container with this number in this snapshot, or `notFound` if it was deleted.
    public func currentContainer(_ number: UInt32) throws(StoreError) -> ContainerProperties {
        guard let container = self.catalog.container(number: number) else {
            throw StoreError(.notFound, "the container no longer exists")
        }
        return container
    }
}
