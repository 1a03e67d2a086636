import JSON

/// A document reduced to what its write needs: validated, minified, with its identity, partition key, TTL and index
/// entries worked out.
///
/// Preparation is the costly, parallel part of a write (JSON parsing and validation) and runs on the caller's thread;
/// the single writer thread then only touches the B-trees.
struct PreparedDocument: Sendable {
    let id: String
    /// The identity-index key suffix for ``id``.
    let identitySuffix: [UInt8]
    let partitionKey: PartitionKeyValue
    let effectivePartitionKey: [UInt8]
    /// The body to store: the user's object, minified, without system properties.
    let body: [UInt8]
    /// Where each top-level member of ``body`` starts (the envelope's member directory).
    let members: [DocumentEnvelope.MemberOffsets]
    let itemTimeToLive: Int32?
    /// One key fragment (path tag ‖ encoded value) per range-indexed scalar.
    let rangeEntries: [[UInt8]]
    let spatialEntries: [SpatialEntry]
    /// One 16-byte hash per unique key of the container.
    let uniqueKeyHashes: [[UInt8]]
    /// The container definition version this was prepared against; a write re-prepares when it has changed.
    let definitionEtag: String
}

/// One spatial index entry: the path tag, the cell, and the exact point (kept in the index so that distance tests
/// need not read the document).
struct SpatialEntry: Sendable, Hashable {
    let pathTag: [UInt8]
    let cell: SpatialCell
    let point: GeoPoint
}

/// The index entries of a stored body, recomputed when a document is replaced or deleted.
struct IndexEntries: Hashable {
    var range: [[UInt8]]
    var spatial: [SpatialEntry]
    var uniqueKeyHashes: [[UInt8]]
}
