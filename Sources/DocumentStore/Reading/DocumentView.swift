public import JSON

/// A stored document seen in place, inside a read: nothing is copied until asked for.
///
/// - Warning: Valid only inside the callback that receives it; ``body`` points into the memory map. Use ``copy()``
///   to keep the document.
public struct DocumentView {
    let envelope: EnvelopeView
    public let sequenceNumber: UInt64
    let databaseNumber: UInt32
    let containerNumber: UInt32

    init(envelope: EnvelopeView, sequenceNumber: UInt64, container: ContainerProperties) {
        self.envelope = envelope
        self.sequenceNumber = sequenceNumber
        self.databaseNumber = container.databaseNumber
        self.containerNumber = container.number
    }

    /// The user's JSON object, minified, without system properties.
    public var body: UnsafeRawBufferPointer { self.envelope.body }
    /// How many top-level members ``body`` has.
    public var topLevelMemberCount: Int { self.envelope.memberCount }
    /// The top-level member at `index` (document order), located from the stored directory without scanning.
    public func topLevelMember(at index: Int) -> JSONScanner.MemberSpan { self.envelope.member(at: index) }
    /// The value (offsets into ``body``) of the top-level member named `key`, found through the stored directory.
    public func topLevelValue(named key: UnsafeRawBufferPointer) -> Range<Int>? { self.envelope.valueOfMember(named: key) }
    /// ``topLevelValue(named:)`` trying the member at `hint` first and leaving there the index where `key` was found
    /// (a scan testing one name on documents of one shape finds it at once).
    public func topLevelValue(named key: UnsafeRawBufferPointer, hint: inout Int) -> Range<Int>? {
        self.envelope.valueOfMember(named: key, hint: &hint)
    }
    public var id: String { String(decoding: self.envelope.id, as: UTF8.self) }
    public var idBytes: UnsafeRawBufferPointer { self.envelope.id }
    public var lsn: UInt64 { self.envelope.lsn }
    public var timestampMillis: Int64 { self.envelope.timestampMillis }
    /// `_ts`.
    public var timestamp: Int64 { self.envelope.timestampMillis / 1000 }
    public var effectivePartitionKeyBytes: UnsafeRawBufferPointer { self.envelope.epk }
    public var etag: String { SystemProperties.etag(container: self.containerNumber, lsn: self.envelope.lsn) }
    public var resourceID: String {
        ResourceIdentifier.document(database: self.databaseNumber, container: self.containerNumber, document: self.sequenceNumber)
    }
    /// `_self`.
    public var selfLink: String {
        "dbs/\(ResourceIdentifier.database(self.databaseNumber))/colls/"
            + "\(ResourceIdentifier.container(database: self.databaseNumber, container: self.containerNumber))/docs/\(self.resourceID)/"
    }

    /// The value of a system property (`_rid`, `_self`, `_etag`, `_ts`, `_attachments`), or `nil` for other names.
    public func systemProperty(_ name: String) -> JSONValue? {
        switch name {
        case "_ts": .integer(self.timestamp)
        case "_rid": .string(self.resourceID)
        case "_etag": .string(self.etag)
        case "_self": .string(self.selfLink)
        case "_attachments": .string("attachments/")
        default: nil
        }
    }

    /// Writes the body with the system properties appended, as the REST API returns documents (with `_lsn` in the
    /// change feed).
    public func writeWithSystemProperties(to writer: inout JSONWriter, includingLSN: Bool = false) {
        SystemProperties.write(
            body: self.envelope.body,
            databaseNumber: self.databaseNumber,
            containerNumber: self.containerNumber,
            sequenceNumber: self.sequenceNumber,
            lsn: self.envelope.lsn,
            timestampMillis: self.envelope.timestampMillis,
            includingLSN: includingLSN,
            to: &writer
        )
    }

    /// A copy that outlives the read.
    public func copy() -> StoredDocument {
        StoredDocument(envelope: self.envelope, sequenceNumber: self.sequenceNumber, databaseNumber: self.databaseNumber,
                       containerNumber: self.containerNumber)
    }
}
