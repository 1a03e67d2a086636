public import JSON

/// A document as read from the store: the user's JSON body and the system properties the store maintains.
public struct StoredDocument: Sendable, Hashable {
    public let id: String
    /// The body as the user wrote it (minified, without system properties).
    public let body: [UInt8]
    /// Creation sequence number within the container; stable across replaces; encoded in ``resourceID``.
    public let sequenceNumber: UInt64
    /// Log sequence number of the last write (orders the change feed; a new one on every change).
    public let lsn: UInt64
    /// Milliseconds since 1970 of the last write.
    public let timestampMillis: Int64
    /// The item's own `ttl`, when it has a valid one.
    public let itemTimeToLive: Int32?
    public let effectivePartitionKey: EffectivePartitionKey
    let databaseNumber: UInt32
    let containerNumber: UInt32

    init(
        id: String,
        body: [UInt8],
        sequenceNumber: UInt64,
        lsn: UInt64,
        timestampMillis: Int64,
        itemTimeToLive: Int32?,
        effectivePartitionKey: EffectivePartitionKey,
        databaseNumber: UInt32,
        containerNumber: UInt32
    ) {
        self.id = id
        self.body = body
        self.sequenceNumber = sequenceNumber
        self.lsn = lsn
        self.timestampMillis = timestampMillis
        self.itemTimeToLive = itemTimeToLive
        self.effectivePartitionKey = effectivePartitionKey
        self.databaseNumber = databaseNumber
        self.containerNumber = containerNumber
    }

    init(envelope: EnvelopeView, sequenceNumber: UInt64, databaseNumber: UInt32, containerNumber: UInt32) {
        self.id = String(decoding: envelope.id, as: UTF8.self)
        self.body = Array(envelope.body)
        self.sequenceNumber = sequenceNumber
        self.lsn = envelope.lsn
        self.timestampMillis = envelope.timestampMillis
        self.itemTimeToLive = envelope.itemTimeToLive
        self.effectivePartitionKey = EffectivePartitionKey(bytes: Array(envelope.epk))
        self.databaseNumber = databaseNumber
        self.containerNumber = containerNumber
    }

    /// `_ts`: seconds since 1970 of the last write.
    public var timestamp: Int64 { self.timestampMillis / 1000 }
    /// `_rid`.
    public var resourceID: String {
        ResourceIdentifier.document(database: self.databaseNumber, container: self.containerNumber, document: self.sequenceNumber)
    }
    /// `_etag`, quoted as the wire carries it; new on every change.
    public var etag: String { SystemProperties.etag(container: self.containerNumber, lsn: self.lsn) }

    /// The body parsed into a value.
    public func value() throws(JSONSyntaxError) -> JSONValue {
        try JSONReader.parse(self.body)
    }

    /// The body with `_rid`, `_self`, `_etag`, `_attachments` and `_ts` appended: what Cosmos returns.
    public func jsonWithSystemProperties() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: self.body.count + 160)
        self.body.withUnsafeBytes { body in
            SystemProperties.write(
                body: body,
                databaseNumber: self.databaseNumber,
                containerNumber: self.containerNumber,
                sequenceNumber: self.sequenceNumber,
                lsn: self.lsn,
                timestampMillis: self.timestampMillis,
                to: &writer
            )
        }
        return writer.bytes
    }
}
