/// A copy of the stored version of a document that a write is about to change (the mapped bytes do not survive the
/// write, so what the write needs is copied first).
struct ExistingDocument {
    let sequenceNumber: UInt64
    let lsn: UInt64
    let timestampMillis: Int64
    let itemTimeToLive: Int32?
    let effectivePartitionKey: [UInt8]
    let identitySuffix: [UInt8]
    let body: [UInt8]

    init(sequenceNumber: UInt64, envelope: EnvelopeView, identitySuffix: [UInt8]) {
        self.sequenceNumber = sequenceNumber
        self.lsn = envelope.lsn
        self.timestampMillis = envelope.timestampMillis
        self.itemTimeToLive = envelope.itemTimeToLive
        self.effectivePartitionKey = Array(envelope.epk)
        self.identitySuffix = identitySuffix
        self.body = Array(envelope.body)
    }

    func etag(container: UInt32) -> String {
        SystemProperties.etag(container: container, lsn: self.lsn)
    }
}
