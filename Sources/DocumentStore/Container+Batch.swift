public import JSON
import LMDB

/// A check on the current document before a patch is applied (the patch API's `condition`, e.g.
/// `FROM c WHERE c.status = 'open'`). It receives the document with its system properties.
public typealias PatchCondition = @Sendable (JSONValue) throws -> Bool

/// One step of a transactional batch.
public enum BatchStep: Sendable {
    case create(body: [UInt8])
    case upsert(body: [UInt8], condition: WriteCondition)
    case replace(id: String, body: [UInt8], condition: WriteCondition)
    case read(id: String, condition: WriteCondition)
    case delete(id: String, condition: WriteCondition)
    case patch(id: String, operations: [PatchOperation], condition: PatchCondition?, etag: WriteCondition)

    /// The document a create, upsert or replace writes.
    var body: [UInt8]? {
        switch self {
        case .create(let body), .upsert(let body, _), .replace(_, let body, _): body
        case .read, .delete, .patch: nil
        }
    }
}

/// What one successful batch step did.
public enum BatchStepResult: Sendable {
    case written(WriteResult)
    case read(StoredDocument)
    case deleted
}

/// A batch that failed: every step was rolled back; `index` names the step that failed and `error` why.
public struct BatchFailure: Error, Sendable {
    public let index: Int
    public let error: StoreError
}

/// Transactional batches, patches and partition deletes: several document changes in one all-or-nothing commit.
extension Container {
    /// Runs `steps` against one logical partition atomically: either every step succeeds and all are committed
    /// together, or the first failure rolls everything back and is reported as a ``BatchFailure``.
    ///
    /// Bodies are prepared (validated, read, indexed) here on the caller's task, not in the commit: the single writer
    /// then only checks that the container's definition is still the one they were prepared for.
    public func batch(_ steps: [BatchStep], partitionKey: PartitionKeyValue) async throws -> [BatchStepResult] {
        let number = self.properties.number
        let properties = self.properties
        let prepared = steps.map { step in step.body.map { body in PreparedBody(body, partitionKey: partitionKey, for: properties) } }
        return try await self.store.perform(isolated: true) { transaction, session in
            let container = try session.currentContainer(number)
            var results: [BatchStepResult] = []
            for (index, step) in steps.enumerated() {
                do {
                    results.append(try session.run(step, prepared: prepared[index], partitionKey: partitionKey, container: container,
                                                   in: transaction))
                } catch let error as StoreError where !GroupCommitWriter.isStorageFailure(error) {
                    throw BatchFailure(index: index, error: error)
                }
            }
            return results
        }
    }

    /// Applies patch operations to one document atomically (read, check, modify, write in one transaction).
    /// - Throws: ``StoreError``: `notFound`, `preconditionFailed` (etag or condition), `badRequest` (invalid
    ///   operation, missing path, increment of a non-number).
    @discardableResult
    public func patch(
        id: String,
        partitionKey: PartitionKeyValue,
        operations: [PatchOperation],
        condition: PatchCondition? = nil,
        etag: WriteCondition = .none
    ) async throws -> StoredDocument {
        let number = self.properties.number
        return try await self.store.perform(isolated: false) { transaction, session in
            let container = try session.currentContainer(number)
            return try session.patch(id: id, partitionKey: partitionKey, operations: operations, condition: condition, etag: etag,
                                     container: container, in: transaction).document
        }
    }

    /// Deletes every document of one logical partition, in bounded transactions; answers how many were deleted.
    @discardableResult
    public func deleteAll(partitionKey: PartitionKeyValue) async throws -> Int {
        let number = self.properties.number
        var total = 0
        while true {
            let deleted = try await self.store.perform(isolated: false) { transaction, session in
                try session.deletePartition(partitionKey, limit: 1000, container: try session.currentContainer(number), in: transaction)
            }
            total += deleted
            if deleted < 1000 { return total }
        }
    }
}

extension WriteSession {
    mutating func run(
        _ step: BatchStep,
        prepared: PreparedBody?,
        partitionKey: PartitionKeyValue,
        container: ContainerProperties,
        in transaction: borrowing WriteTransaction
    ) throws -> BatchStepResult {
        func document(_ body: [UInt8]) throws(StoreError) -> PreparedDocument {
            try (prepared ?? PreparedBody(body, partitionKey: partitionKey, for: container)).document(for: container)
        }
        switch step {
        case .create(let body):
            return .written(try self.write(document(body), mode: .create, container: container, in: transaction))
        case .upsert(let body, let condition):
            return .written(try self.write(document(body), mode: .upsert, condition: condition, container: container, in: transaction))
        case .replace(let id, let body, let condition):
            let document = try document(body)
            guard document.id == id else {
                throw StoreError(.badRequest, "the replacement's id '\(document.id)' differs from the id '\(id)' it replaces")
            }
            return .written(try self.write(document, mode: .replace, condition: condition, container: container, in: transaction))
        case .read(let id, let condition):
            guard let document = try self.read(id: id, partitionKey: partitionKey, container: container, in: transaction) else {
                throw StoreError(.notFound, "no document with id '\(id)' exists in partition \(partitionKey)")
            }
            if let ifNoneMatch = condition.ifNoneMatch, ifNoneMatch == document.etag || ifNoneMatch == "*" {
                throw StoreError(.preconditionFailed, "the document has not changed (If-None-Match \(ifNoneMatch))")
            }
            return .read(document)
        case .delete(let id, let condition):
            try self.delete(id: id, partitionKey: partitionKey, condition: condition, container: container, in: transaction)
            return .deleted
        case .patch(let id, let operations, let condition, let etag):
            return .written(try self.patch(id: id, partitionKey: partitionKey, operations: operations, condition: condition,
                                           etag: etag, container: container, in: transaction))
        }
    }

    mutating func patch(
        id: String,
        partitionKey: PartitionKeyValue,
        operations: [PatchOperation],
        condition: PatchCondition?,
        etag: WriteCondition,
        container: ContainerProperties,
        in transaction: borrowing WriteTransaction
    ) throws -> WriteResult {
        guard let current = try self.read(id: id, partitionKey: partitionKey, container: container, in: transaction) else {
            throw StoreError(.notFound, "no document with id '\(id)' exists in partition \(partitionKey)")
        }
        if let ifMatch = etag.ifMatch, ifMatch != "*", ifMatch != current.etag {
            throw StoreError(.preconditionFailed, "the document has changed: its etag is \(current.etag), not \(ifMatch)")
        }
        if let condition {
            let withSystemProperties = (try? JSONReader.parse(current.jsonWithSystemProperties())) ?? .null
            guard try condition(withSystemProperties) else {
                throw StoreError(.preconditionFailed, "the patch condition is not met by the current document")
            }
        }
        let protected = ["/id"] + container.definition.partitionKey.paths
        let patched = try PatchOperation.apply(operations, to: try current.value(), protectedPaths: protected)
        guard case .object(let object) = patched else {
            throw StoreError(.badRequest, "a patch must leave the document a JSON object")
        }
        let document = try DocumentPreparer.prepare(object: object, for: container, partitionKey: partitionKey)
        return try self.write(document, mode: .replace, condition: WriteCondition(ifMatch: current.etag), container: container, in: transaction)
    }

    mutating func deletePartition(
        _ partitionKey: PartitionKeyValue,
        limit: Int,
        container: ContainerProperties,
        in transaction: borrowing WriteTransaction
    ) throws -> Int {
        let epk = EffectivePartitionKey(partitionKey, kind: container.definition.partitionKey.kind).bytes
        var prefix = KeyBuilder(container: container.number)
        prefix.append(epk)
        var due: [(UInt64, [UInt8])] = []
        try transaction.withCursor(in: self.keyspaces.identities) { cursor in
            var entry = try cursor.seek(atOrAfter: prefix.bytes)
            // A hierarchical key given in full selects exactly one logical partition: the EPK is the whole prefix.
            while due.count < limit, let current = entry, KeyReader.hasPrefix(current.key, prefix.bytes), current.value.count == 8 {
                due.append((KeyReader.uint64(current.value, at: 0), Array(current.key[(4 + epk.count)...])))
                entry = try cursor.next()
            }
        }
        var state = try self.state(of: container, in: transaction)
        for (sequenceNumber, suffix) in due {
            let existing = try DocumentLookup.withEnvelope(
                container: container.number,
                sequenceNumber: sequenceNumber,
                keyspaces: self.keyspaces,
                key: &self.key,
                in: transaction
            ) { ExistingDocument(sequenceNumber: sequenceNumber, envelope: $0, identitySuffix: suffix) }
            if let existing {
                try self.remove(existing, container: container, state: &state, in: transaction)
                self.statistics.deleted += 1
            }
        }
        self.states[container.number] = state
        return due.count
    }
}
