import LMDB

/// Point lookups shared by readers and writers: identity to sequence number, sequence number to envelope.
enum DocumentLookup {
    /// The sequence number stored for a document identity, or `nil`.
    static func sequenceNumber<Transaction: TransactionReading & ~Copyable>(
        container: UInt32,
        effectivePartitionKey: [UInt8],
        identitySuffix: [UInt8],
        keyspaces: StoreKeyspaces,
        key: inout KeyBuilder,
        in transaction: borrowing Transaction
    ) throws -> UInt64? {
        key.reset(container: container)
        key.append(effectivePartitionKey)
        key.append(identitySuffix)
        return try key.withBytes { bytes in
            try transaction.withValue(forKey: bytes, in: keyspaces.identities) { value in
                value.count == 8 ? KeyReader.uint64(value, at: 0) : nil
            } ?? nil
        }
    }

    /// Calls `body` with the envelope of document `sequenceNumber`, or returns `nil` when there is none.
    static func withEnvelope<Transaction: TransactionReading & ~Copyable, Result>(
        container: UInt32,
        sequenceNumber: UInt64,
        keyspaces: StoreKeyspaces,
        key: inout KeyBuilder,
        in transaction: borrowing Transaction,
        _ body: (EnvelopeView) throws -> Result
    ) throws -> Result? {
        key.reset(container: container)
        key.append(sequenceNumber)
        return try key.withBytes { bytes in
            try transaction.withValue(forKey: bytes, in: keyspaces.documents) { value in
                guard let envelope = EnvelopeView(value) else {
                    throw StoreError(.internalError, "document \(sequenceNumber) of container \(container) is damaged")
                }
                return try body(envelope)
            }
        }
    }
}
