public import JSON
import LMDB

/// One consistent view of the whole store, for the duration of a read.
///
/// Every read path hides expired documents (their TTL has run out, even if the sweeper has not removed them yet).
/// Scans call their body for each document or index entry in key order until the body answers `false`.
///
/// Lent to the body of ``DocumentStore/read(_:)``; it cannot be copied or kept.
public struct StoreSnapshot: ~Copyable {
    let transaction: ReadTransaction
    let keyspaces: StoreKeyspaces
    /// Databases and containers as of this snapshot.
    public let catalog: CatalogSnapshot
    let stateReader: Catalog
    /// The clock reading expiry is judged against (milliseconds since 1970).
    public let nowMillis: Int64

    // MARK: Point reads

    /// The live document with this identity, copied out of the snapshot.
    public func document(id: String, partitionKey: PartitionKeyValue, in container: ContainerProperties) throws -> StoredDocument? {
        try self.withDocument(id: id, partitionKey: partitionKey, in: container) { $0.copy() }
    }

    /// Calls `body` with the live document with this identity, or returns `nil`.
    public func withDocument<R>(
        id: String,
        partitionKey: PartitionKeyValue,
        in container: ContainerProperties,
        _ body: (DocumentView) throws -> R
    ) throws -> R? {
        var key = KeyBuilder(capacity: 96)
        let epk = EffectivePartitionKey(partitionKey, kind: container.definition.partitionKey.kind).bytes
        guard let sequenceNumber = try DocumentLookup.sequenceNumber(
            container: container.number,
            effectivePartitionKey: epk,
            identitySuffix: KeyParts.identitySuffix(for: id),
            keyspaces: self.keyspaces,
            key: &key,
            in: self.transaction
        ) else { return nil }
        return try self.withDocument(sequenceNumber: sequenceNumber, in: container, body) ?? nil
    }

    /// Calls `body` with the live document with this sequence number (as index entries name it), or returns `nil`.
    public func withDocument<R>(
        sequenceNumber: UInt64,
        in container: ContainerProperties,
        _ body: (DocumentView) throws -> R
    ) throws -> R? {
        var key = KeyBuilder(capacity: 12)
        let defaultTimeToLive = container.definition.defaultTimeToLive
        return try DocumentLookup.withEnvelope(
            container: container.number,
            sequenceNumber: sequenceNumber,
            keyspaces: self.keyspaces,
            key: &key,
            in: self.transaction
        ) { envelope -> R? in
            if envelope.isExpired(containerDefault: defaultTimeToLive, nowMillis: self.nowMillis) { return nil }
            return try body(DocumentView(envelope: envelope, sequenceNumber: sequenceNumber, container: container))
        } ?? nil
    }

    /// Calls `body` with the live document with this sequence number and answers what it answers; answers `true`
    /// (go on) when there is none. The per-candidate lookup of index scans: not generic, and the key is composed on
    /// the stack (the generic ``withDocument(sequenceNumber:in:_:)`` costs a few thousand instructions more per row).
    public func visitDocument(sequenceNumber: UInt64, in container: ContainerProperties, _ body: (DocumentView) throws -> Bool) throws -> Bool {
        let value = try withUnsafeTemporaryAllocation(byteCount: 12, alignment: 8) { key in
            Self.composeDocumentKey(container: container.number, sequenceNumber: sequenceNumber, into: key)
            return try self.transaction.mappedValue(forKey: UnsafeRawBufferPointer(key), in: self.keyspaces.documents)
        }
        if let value { MappedMemory.prefetch(UnsafeRawBufferPointer(rebasing: value.prefix(Self.prefetchLimit))) }
        return try self.visit(value, sequenceNumber: sequenceNumber, in: container, body)
    }

    /// Bytes of a document prefetched before it is read: a typical event whole, only the head of a large document
    /// (whose overflow pages the copy streams through anyway).
    private static var prefetchLimit: Int { 4096 }

    /// Whether `key` is the documents key of `sequenceNumber` in `container`.
    @inline(__always)
    private static func isDocumentKey(_ key: UnsafeRawBufferPointer, container: UInt32, sequenceNumber: UInt64) -> Bool {
        key.count == 12 && key.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == container.bigEndian
            && key.loadUnaligned(fromByteOffset: 4, as: UInt64.self) == sequenceNumber.bigEndian
    }

    /// The documents key: container ‖ sequence number, big-endian (as ``KeyBuilder`` writes it).
    @inline(__always)
    private static func composeDocumentKey(container: UInt32, sequenceNumber: UInt64, into key: UnsafeMutableRawBufferPointer) {
        key.storeBytes(of: container.bigEndian, toByteOffset: 0, as: UInt32.self)
        key.storeBytes(of: sequenceNumber.bigEndian, toByteOffset: 4, as: UInt64.self)
    }

    @inline(__always)
    private func visit(
        _ value: UnsafeRawBufferPointer?,
        sequenceNumber: UInt64,
        in container: ContainerProperties,
        _ body: (DocumentView) throws -> Bool
    ) throws -> Bool {
        guard let value else { return true }
        guard let envelope = EnvelopeView(value) else {
            throw StoreError(.internalError, "document \(sequenceNumber) of container \(container.number) is damaged")
        }
        if envelope.isExpired(containerDefault: container.definition.defaultTimeToLive, nowMillis: self.nowMillis) { return true }
        return try body(DocumentView(envelope: envelope, sequenceNumber: sequenceNumber, container: container))
    }

    // MARK: Counts

    /// Live documents in the container, or in one of its partition key ranges, from maintained counters (no scan of
    /// the documents; only expired documents not yet swept are looked up and subtracted).
    public func documentCount(in container: ContainerProperties, rangeIndex: Int? = nil) throws -> Int64 {
        let state = try self.stateReader.state(of: container, in: self.transaction)
        let stored = rangeIndex.map { state.rangeCounts.indices.contains($0) ? state.rangeCounts[$0] : 0 } ?? state.documentCount
        guard container.definition.defaultTimeToLive != nil else { return stored }
        var expired: Int64 = 0
        try self.forEachExpiredEntry(in: container, upTo: self.nowMillis) { _, epk in
            if let rangeIndex {
                let index = PartitionKeyRange.index(of: EffectivePartitionKey(bytes: Array(epk)), in: container.partitionKeyRanges)
                if index == rangeIndex { expired += 1 }
            } else {
                expired += 1
            }
            return true
        }
        return stored - expired
    }

    /// The next log sequence number the container will assign: the change-feed position "now".
    public func nextLSN(in container: ContainerProperties) throws -> UInt64 {
        try self.stateReader.state(of: container, in: self.transaction).nextLSN
    }

    // MARK: Scans

    /// Documents in creation order (sequence number), starting after `after` when given.
    public func scanDocuments(
        in container: ContainerProperties,
        after: UInt64? = nil,
        descending: Bool = false,
        _ body: (DocumentView) throws -> Bool
    ) throws {
        let prefix = KeyBuilder(container: container.number).bytes
        let defaultTimeToLive = container.definition.defaultTimeToLive
        try self.transaction.withCursor(in: self.keyspaces.documents) { cursor in
            var entry: Cursor.Entry?
            if descending {
                var start = KeyBuilder(container: container.number)
                start.append((after ?? 0) == 0 ? UInt64.max : after! - 1)
                entry = try cursor.seek(atOrBefore: start.bytes)
            } else {
                var start = KeyBuilder(container: container.number)
                start.append(after.map { $0 == .max ? $0 : $0 + 1 } ?? 0)
                if after == .max { return }
                entry = try cursor.seek(atOrAfter: start.bytes)
            }
            while let current = entry, KeyReader.hasPrefix(current.key, prefix) {
                let sequenceNumber = KeyReader.uint64(current.key, at: 4)
                if let envelope = EnvelopeView(current.value), !envelope.isExpired(containerDefault: defaultTimeToLive, nowMillis: self.nowMillis) {
                    guard try body(DocumentView(envelope: envelope, sequenceNumber: sequenceNumber, container: container)) else { return }
                }
                entry = descending ? try cursor.previous() : try cursor.next()
            }
        }
    }

    /// Documents whose effective partition key lies in `range`, in EPK order (then by id), through the identity
    /// index. `after` resumes after a position given by ``PartitionScanPosition``.
    public func scanPartitions(
        in container: ContainerProperties,
        range: EffectivePartitionKeyRange,
        after: PartitionScanPosition? = nil,
        _ body: (DocumentView, PartitionScanPosition) throws -> Bool
    ) throws {
        try self.visitDocumentsReadingAhead(in: container, { position, document in try body(document, position) }) { each in
            try self.scanIdentities(in: container, range: range, after: after) { sequenceNumber, position in
                try each(position, sequenceNumber)
            }
        }
    }

    /// The sequence numbers of the documents in `range`, from the identity index alone (documents are not read, so
    /// expired ones are included): for counting candidates cheaply.
    public func scanIdentities(
        in container: ContainerProperties,
        range: EffectivePartitionKeyRange,
        after: PartitionScanPosition? = nil,
        _ body: (UInt64, PartitionScanPosition) throws -> Bool
    ) throws {
        var lower = KeyBuilder(container: container.number)
        if let after {
            lower.append(after.identityKey)
            lower.append(byte: 0)
        } else {
            lower.append(range.lowerBound.bytes)
        }
        // Identity keys are container ‖ EPK ‖ id; every EPK of a container has the same length, and only that part
        // is compared with the range's upper bound.
        let epkLength = 16 * container.definition.partitionKey.paths.count
        let upperBound = range.upperBound.bytes
        let containerPrefix = KeyBuilder(container: container.number).bytes
        try self.transaction.withCursor(in: self.keyspaces.identities) { cursor in
            var entry = try cursor.seek(atOrAfter: lower.bytes)
            while let current = entry, current.key.count >= 4 + epkLength, current.value.count == 8,
                KeyReader.hasPrefix(current.key, containerPrefix)
            {
                let epk = UnsafeRawBufferPointer(rebasing: current.key[4..<(4 + epkLength)])
                guard epk.lexicographicallyPrecedes(upperBound) else { return }
                let position = PartitionScanPosition(identityKey: Array(current.key.dropFirst(4)))
                guard try body(KeyReader.uint64(current.value, at: 0), position) else { return }
                entry = try cursor.next()
            }
        }
    }

    /// Entries of the range index on `path`, between `lower` and `upper` (encoded with ``IndexValueEncoding``), in
    /// value order (then creation order), ascending or descending; `after` resumes strictly after an entry's
    /// ``RangeIndexEntry/position``. Entries of expired documents are included: the caller reads the document, which
    /// hides them.
    public func scanRangeIndex(
        in container: ContainerProperties,
        path: [String],
        lower: IndexBound? = nil,
        upper: IndexBound? = nil,
        descending: Bool = false,
        after: [UInt8]? = nil,
        _ body: (RangeIndexEntry) throws -> Bool
    ) throws {
        guard let tag = KeyParts.pathTag(path) else { return }
        var prefixBuilder = KeyBuilder(container: container.number)
        prefixBuilder.append(tag)
        let prefix = prefixBuilder.bytes
        try self.transaction.withCursor(in: self.keyspaces.ranges) { cursor in
            var entry: Cursor.Entry?
            if descending {
                var start = prefix
                if let after {
                    start += after
                    entry = try cursor.seek(atOrBefore: start)
                    if let current = entry, current.key.elementsEqual(start) { entry = try cursor.previous() }
                } else {
                    start += upper?.encoded ?? []
                    start += [UInt8](repeating: 0xFF, count: 10)
                    entry = try cursor.seek(atOrBefore: start)
                }
            } else {
                if let after {
                    entry = try cursor.seek(atOrAfter: prefix + after + [0])
                } else {
                    entry = try cursor.seek(atOrAfter: prefix + (lower?.encoded ?? []))
                }
            }
            while let current = entry, KeyReader.hasPrefix(current.key, prefix), current.key.count >= prefix.count + 9 {
                let value = UnsafeRawBufferPointer(rebasing: current.key[prefix.count..<(current.key.count - 8)])
                if let lower, !lower.admits(value, asLower: true) {
                    if descending { return }
                    entry = try cursor.next()
                    continue
                }
                if let upper, !upper.admits(value, asLower: false) {
                    if !descending { return }
                    entry = try cursor.previous()
                    continue
                }
                let sequenceNumber = KeyReader.uint64(current.key, at: current.key.count - 8)
                let hit = RangeIndexEntry(
                    sequenceNumber: sequenceNumber,
                    encodedValue: value,
                    keySuffix: UnsafeRawBufferPointer(rebasing: current.key[prefix.count...])
                )
                guard try body(hit) else { return }
                entry = descending ? try cursor.previous() : try cursor.next()
            }
        }
    }

    /// The live documents of the range-index entries on `path` between `lower` and `upper`, with their entries, as
    /// ``scanRangeIndex(in:path:lower:upper:descending:after:_:)`` meets them (entries of documents that are gone or
    /// expired are skipped). One cursor reads the documents for the whole scan: entries in value order are often in
    /// creation order too, and a positioned cursor finds a nearby key without descending the B-tree again.
    public func scanRangeIndexDocuments(
        in container: ContainerProperties,
        path: [String],
        lower: IndexBound? = nil,
        upper: IndexBound? = nil,
        descending: Bool = false,
        after: [UInt8]? = nil,
        _ body: (RangeIndexEntry, DocumentView) throws -> Bool
    ) throws {
        try self.visitDocumentsReadingAhead(in: container, body) { each in
            try self.scanRangeIndex(in: container, path: path, lower: lower, upper: upper, descending: descending, after: after) { entry in
                try each(entry, entry.sequenceNumber)
            }
        }
    }

    /// The live documents of the spatial-index entries on `path` inside `box` that `admitting` lets through, with
    /// their entries, as ``scanSpatialIndex(in:path:box:after:_:)`` meets them (entries of documents that are gone or
    /// expired are skipped). Entries turned away cost no document read.
    public func scanSpatialIndexDocuments(
        in container: ContainerProperties,
        path: [String],
        box: GeoBoundingBox,
        after: SpatialScanPosition? = nil,
        admitting: (SpatialIndexEntry) -> Bool = { _ in true },
        _ body: (SpatialIndexEntry, DocumentView) throws -> Bool
    ) throws {
        try withoutActuallyEscaping(admitting) { admitting in
            try self.visitDocumentsReadingAhead(in: container, body) { each in
                try self.scanSpatialIndex(in: container, path: path, box: box, after: after) { entry in
                    guard admitting(entry) else { return true }
                    return try each(entry, entry.sequenceNumber)
                }
            }
        }
    }

    /// Calls `body` with the live document of each entry that `scan` passes to its argument (with the entry's sequence
    /// number), in scan order, until `body` answers `false`. Documents are looked up and prefetched
    /// ``ReadAheadQueue/depth`` entries ahead of the visit, through one cursor that stays open for the whole scan.
    /// Entries may point into the index's pages: they stay valid until the snapshot ends.
    private func visitDocumentsReadingAhead<Entry>(
        in container: ContainerProperties,
        _ body: (Entry, DocumentView) throws -> Bool,
        scan: (_ each: (Entry, UInt64) throws -> Bool) throws -> Void
    ) throws {
        // `scan` and `body` are both non-escaping; the visit inside `scan`'s argument has to call `body`.
        try withoutActuallyEscaping(body) { body in
            try self.transaction.withCursor(in: self.keyspaces.documents) { documents in
                var queue = ReadAheadQueue<Entry>()
                var proceed = true
                func visitDue(_ due: ReadAheadQueue<Entry>.Item) throws -> Bool {
                    try self.visit(due.value, sequenceNumber: due.sequenceNumber, in: container) { try body(due.entry, $0) }
                }
                // The document the cursor is on: index order is often creation order, and the next document is then
                // one step away instead of a search from the root.
                var cursorSequence: UInt64?
                try scan { entry, sequenceNumber in
                    var value: UnsafeRawBufferPointer?
                    if let current = cursorSequence, sequenceNumber == current &+ 1, let next = try documents.next(),
                        Self.isDocumentKey(next.key, container: container.number, sequenceNumber: sequenceNumber)
                    {
                        value = next.value
                    } else {
                        value = try withUnsafeTemporaryAllocation(byteCount: 12, alignment: 8) { key in
                            Self.composeDocumentKey(container: container.number, sequenceNumber: sequenceNumber, into: key)
                            return try documents.value(forKey: UnsafeRawBufferPointer(key))
                        }
                    }
                    cursorSequence = value == nil ? nil : sequenceNumber
                    if let value { MappedMemory.prefetch(UnsafeRawBufferPointer(rebasing: value.prefix(Self.prefetchLimit))) }
                    guard let due = queue.push(.init(entry: entry, sequenceNumber: sequenceNumber, value: value)) else { return true }
                    proceed = try visitDue(due)
                    return proceed
                }
                while proceed, let due = queue.popFirst() {
                    proceed = try visitDue(due)
                }
            }
        }
    }

    /// Points in the spatial index on `path` inside `box`, row by row of grid cells, then the geometries that have no
    /// cell (``SpatialCell/unplaced``: their entries carry no point); `after` resumes after a position.
    public func scanSpatialIndex(
        in container: ContainerProperties,
        path: [String],
        box: GeoBoundingBox,
        after: SpatialScanPosition? = nil,
        _ body: (SpatialIndexEntry) throws -> Bool
    ) throws {
        guard let tag = KeyParts.pathTag(path) else { return }
        let firstRow = SpatialCell.row(latitude: box.south)
        let lastRow = SpatialCell.row(latitude: box.north)
        let columnRanges = box.longitudeIntervals
            .map { SpatialCell.column(longitude: $0.lowerBound)...SpatialCell.column(longitude: $0.upperBound) }
            .sorted { $0.lowerBound < $1.lowerBound }
        try self.transaction.withCursor(in: self.keyspaces.spatial) { cursor in
            let startRow = max(firstRow, after?.row ?? firstRow)
            if startRow <= lastRow {
                for row in startRow...lastRow {
                    let cells = SpatialRowScan(container: container.number, tag: tag, row: row, columnRanges: columnRanges, box: box)
                    guard try self.scan(cells, after: after, cursor: cursor, body) else { return }
                }
            }
            let unplaced = SpatialCell.unplaced
            let cells = SpatialRowScan(container: container.number, tag: tag, row: unplaced.row, columnRanges: [unplaced.column...unplaced.column], box: nil)
            _ = try self.scan(cells, after: after, cursor: cursor, body)
        }
    }

    /// One row of a spatial scan: its cells in the column ranges, points outside `box` skipped (no box: the unplaced
    /// row, whose entries have no point). Answers `false` when `body` asked to stop.
    private func scan(
        _ cells: SpatialRowScan,
        after: SpatialScanPosition?,
        cursor: borrowing Cursor,
        _ body: (SpatialIndexEntry) throws -> Bool
    ) throws -> Bool {
        var rowStart = KeyBuilder(container: cells.container)
        rowStart.append(cells.tag)
        rowStart.append(cells.row)
        let rowPrefix = rowStart.bytes
        for columns in cells.columnRanges {
            var start = rowStart
            if let after, after.row == cells.row {
                guard after.column <= columns.upperBound else { continue }
                if after.column >= columns.lowerBound {
                    start.append(after.column)
                    start.append(after.sequenceNumber)
                    start.append(byte: 0)
                } else {
                    start.append(columns.lowerBound)
                }
            } else {
                start.append(columns.lowerBound)
            }
            var entry = try cursor.seek(atOrAfter: start.bytes)
            while let current = entry, KeyReader.hasPrefix(current.key, rowPrefix), current.key.count == rowPrefix.count + 12,
                current.value.count == 16
            {
                let column = KeyReader.uint32(current.key, at: rowPrefix.count)
                guard column <= columns.upperBound else { break }
                let sequenceNumber = KeyReader.uint64(current.key, at: rowPrefix.count + 4)
                var point: GeoPoint?
                if let box = cells.box {
                    let located = Self.indexedPoint(current.value)
                    guard box.contains(located) else {
                        entry = try cursor.next()
                        continue
                    }
                    point = located
                }
                let position = SpatialScanPosition(row: cells.row, column: column, sequenceNumber: sequenceNumber)
                guard try body(SpatialIndexEntry(sequenceNumber: sequenceNumber, point: point, position: position)) else { return false }
                entry = try cursor.next()
            }
        }
        return true
    }

    /// The point a spatial index entry holds: longitude then latitude, little-endian doubles (as the writer stores it).
    private static func indexedPoint(_ value: UnsafeRawBufferPointer) -> GeoPoint {
        GeoPoint(
            longitude: Double(bitPattern: UInt64(littleEndian: value.loadUnaligned(as: UInt64.self))),
            latitude: Double(bitPattern: UInt64(littleEndian: value.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        )
    }

    /// The change feed: live documents in the order of their last modification, each once in its latest version,
    /// starting after log sequence number `afterLSN` (0 = from the beginning), restricted to `range`.
    public func scanChanges(
        in container: ContainerProperties,
        afterLSN: UInt64,
        range: EffectivePartitionKeyRange = .all,
        _ body: (DocumentView) throws -> Bool
    ) throws {
        var start = KeyBuilder(container: container.number)
        start.append(afterLSN &+ 1)
        let prefix = KeyBuilder(container: container.number).bytes
        try self.transaction.withCursor(in: self.keyspaces.changes) { cursor in
            var entry = afterLSN == .max ? nil : try cursor.seek(atOrAfter: start.bytes)
            while let current = entry, KeyReader.hasPrefix(current.key, prefix), current.value.count >= 8 {
                let epk = UnsafeRawBufferPointer(rebasing: current.value[8...])
                if range.isAll || range.contains(epk) {
                    let sequenceNumber = KeyReader.uint64(current.value, at: 0)
                    let proceed = try self.withDocument(sequenceNumber: sequenceNumber, in: container) { try body($0) } ?? true
                    guard proceed else { return }
                }
                entry = try cursor.next()
            }
        }
    }

    /// The change-feed position just before the first change made at or after `millis` (so that reading the feed
    /// after it yields changes from that time on). Binary search over the feed: writes within a container never go
    /// back in time.
    public func lsn(before millis: Int64, in container: ContainerProperties) throws -> UInt64 {
        let prefix = KeyBuilder(container: container.number).bytes
        var low: UInt64 = 0
        var high = try self.nextLSN(in: container)
        try self.transaction.withCursor(in: self.keyspaces.changes) { cursor in
            // Find the smallest LSN whose change has a timestamp >= millis.
            while low < high {
                let middle = low + (high - low) / 2
                var probe = KeyBuilder(container: container.number)
                probe.append(middle)
                guard let entry = try cursor.seek(atOrAfter: probe.bytes), KeyReader.hasPrefix(entry.key, prefix) else {
                    high = middle
                    continue
                }
                let lsn = KeyReader.uint64(entry.key, at: 4)
                let sequenceNumber = KeyReader.uint64(entry.value, at: 0)
                var key = KeyBuilder(capacity: 12)
                let timestamp = try DocumentLookup.withEnvelope(
                    container: container.number,
                    sequenceNumber: sequenceNumber,
                    keyspaces: self.keyspaces,
                    key: &key,
                    in: self.transaction
                ) { $0.timestampMillis } ?? .max
                if timestamp >= millis {
                    high = middle
                } else {
                    low = lsn + 1
                }
            }
        }
        return low == 0 ? 0 : low - 1
    }

    /// Calls `body` with (expiry, EPK) for each expiry entry of the container due at or before `millis`.
    func forEachExpiredEntry(
        in container: ContainerProperties,
        upTo millis: Int64,
        _ body: (Int64, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let prefix = KeyBuilder(container: container.number).bytes
        try self.transaction.withCursor(in: self.keyspaces.expiry) { cursor in
            var entry = try cursor.seek(atOrAfter: prefix)
            while let current = entry, KeyReader.hasPrefix(current.key, prefix), current.key.count == 20 {
                let expiry = KeyReader.signed(current.key, at: 4)
                guard expiry <= millis else { return }
                guard try body(expiry, current.value) else { return }
                entry = try cursor.next()
            }
        }
    }

    /// The earliest expiry instant of any document in the store, or `nil` when nothing expires.
    func earliestExpiry() throws -> Int64? {
        var earliest: Int64?
        for container in self.catalog.containersByNumber.values where container.definition.defaultTimeToLive != nil {
            try self.forEachExpiredEntry(in: container, upTo: .max) { expiry, _ in
                earliest = min(earliest ?? expiry, expiry)
                return false
            }
        }
        return earliest
    }

    /// Whether a sweep would find anything to do: an expired document or a deleted container's data.
    func hasSweepWork() throws -> Bool {
        for container in self.catalog.containersByNumber.values where container.definition.defaultTimeToLive != nil {
            var due = false
            try self.forEachExpiredEntry(in: container, upTo: self.nowMillis) { _, _ in
                due = true
                return false
            }
            if due { return true }
        }
        return try self.transaction.withCursor(in: self.keyspaces.catalog) { cursor in
            guard let entry = try cursor.seek(atOrAfter: Catalog.purgePrefix) else { return false }
            return KeyReader.hasPrefix(entry.key, Catalog.purgePrefix)
        }
    }

    /// Every index entry of a container, decoded (for tests and diagnostics).
    public func indexContents(of container: ContainerProperties) throws -> IndexContents {
        let prefix = KeyBuilder(container: container.number).bytes
        var contents = IndexContents()
        try self.transaction.withCursor(in: self.keyspaces.ranges) { cursor in
            var entry = try cursor.seek(atOrAfter: prefix)
            while let current = entry, KeyReader.hasPrefix(current.key, prefix) {
                let tagLength = Int(current.key[4])
                let pathTag = Array(current.key[4..<(5 + tagLength)])
                let value = UnsafeRawBufferPointer(rebasing: current.key[(5 + tagLength)..<(current.key.count - 8)])
                contents.range.insert(IndexContents.RangeItem(
                    path: KeyParts.segments(ofPathTag: pathTag),
                    value: IndexValueEncoding.decode(value),
                    sequenceNumber: KeyReader.uint64(current.key, at: current.key.count - 8)
                ))
                entry = try cursor.next()
            }
        }
        try self.transaction.withCursor(in: self.keyspaces.spatial) { cursor in
            var entry = try cursor.seek(atOrAfter: prefix)
            while let current = entry, KeyReader.hasPrefix(current.key, prefix), current.value.count == 16 {
                let tagLength = Int(current.key[4])
                let pathTag = Array(current.key[4..<(5 + tagLength)])
                let placed = KeyReader.uint32(current.key, at: 5 + tagLength) != SpatialCell.unplaced.row
                contents.spatial.insert(IndexContents.SpatialItem(
                    path: KeyParts.segments(ofPathTag: pathTag),
                    point: placed ? Self.indexedPoint(current.value) : nil,
                    sequenceNumber: KeyReader.uint64(current.key, at: current.key.count - 8)
                ))
                entry = try cursor.next()
            }
        }
        try self.forEachExpiredEntry(in: container, upTo: .max) { expiry, _ in
            contents.expiries.append(expiry)
            return true
        }
        try self.transaction.withCursor(in: self.keyspaces.changes) { cursor in
            var entry = try cursor.seek(atOrAfter: prefix)
            while let current = entry, KeyReader.hasPrefix(current.key, prefix) {
                contents.changes.append(KeyReader.uint64(current.key, at: 4))
                entry = try cursor.next()
            }
        }
        return contents
    }
}

@available(*, unavailable, message: "A snapshot belongs to the thread that reads it")
extension StoreSnapshot: Sendable {}

/// A bound of a range-index scan: an encoded value (see ``IndexValueEncoding``) and whether it is included.
public struct IndexBound: Sendable, Hashable {
    public var encoded: [UInt8]
    public var inclusive: Bool

    public init(encoded: [UInt8], inclusive: Bool) {
        self.encoded = encoded
        self.inclusive = inclusive
    }

    /// The bound for a JSON scalar (`nil` for arrays and objects).
    public init?(_ value: JSONValue, inclusive: Bool) {
        guard let encoded = IndexValueEncoding.encode(value) else { return nil }
        self.init(encoded: encoded, inclusive: inclusive)
    }

    /// Whether an encoded entry value lies on the right side of this bound. Truncated strings (cut at the encoding
    /// limit) are always admitted when they could be on either side: the caller's exact filter decides.
    func admits(_ value: UnsafeRawBufferPointer, asLower: Bool) -> Bool {
        let order = compare(value, self.encoded)
        if order == 0 { return self.inclusive || IndexValueEncoding.isTruncatedString(value) }
        if IndexValueEncoding.isTruncatedString(value) {
            // The stored value is longer than its key: it sorts at the end of its prefix group.
            let prefixCount = value.count - 2
            if self.encoded.count >= prefixCount && compare(UnsafeRawBufferPointer(rebasing: value[0..<prefixCount]),
                                                           Array(self.encoded[0..<prefixCount])) == 0 {
                return true
            }
        }
        return asLower ? order > 0 : order < 0
    }
}

private func compare(_ lhs: UnsafeRawBufferPointer, _ rhs: [UInt8]) -> Int {
    let count = min(lhs.count, rhs.count)
    for index in 0..<count where lhs[index] != rhs[index] {
        return lhs[index] < rhs[index] ? -1 : 1
    }
    return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
}

/// One entry met by a range-index scan.
///
/// - Warning: The buffers point into the map; valid only inside the scan's body.
public struct RangeIndexEntry {
    public let sequenceNumber: UInt64
    /// The indexed value, encoded (see ``IndexValueEncoding``).
    public let encodedValue: UnsafeRawBufferPointer
    /// The key after the container and path: pass a copy as `after` to resume behind this entry.
    public let keySuffix: UnsafeRawBufferPointer

    /// A copy of ``keySuffix`` for resuming.
    public var position: [UInt8] { Array(self.keySuffix) }
}

/// One point met by a spatial-index scan.
public struct SpatialIndexEntry: Sendable {
    public let sequenceNumber: UInt64
    /// The indexed point; `nil` for a geometry that is not a point (``SpatialCell/unplaced``), which only the
    /// document can decide.
    public let point: GeoPoint?
    public let position: SpatialScanPosition
}

/// The part of a spatial scan that reads one row of grid cells.
private struct SpatialRowScan {
    let container: UInt32
    let tag: [UInt8]
    let row: UInt32
    let columnRanges: [ClosedRange<UInt32>]
    /// Points outside it are skipped; `nil` for the unplaced row.
    let box: GeoBoundingBox?
}

/// Where a spatial scan stopped; pass it as `after` to resume.
public struct SpatialScanPosition: Sendable, Hashable {
    public let row: UInt32
    public let column: UInt32
    public let sequenceNumber: UInt64

    public init(row: UInt32, column: UInt32, sequenceNumber: UInt64) {
        self.row = row
        self.column = column
        self.sequenceNumber = sequenceNumber
    }
}

/// Where a partition scan stopped (the identity key: EPK and id); pass it as `after` to resume.
public struct PartitionScanPosition: Sendable, Hashable {
    public let identityKey: [UInt8]

    public init(identityKey: [UInt8]) {
        self.identityKey = identityKey
    }
}

/// The decoded index entries of one container (tests compare them with entries recomputed from the documents).
public struct IndexContents: Sendable, Hashable {
    public struct RangeItem: Sendable, Hashable {
        public var path: [String]
        /// The indexed value; `nil` for an undefined-presence entry, `[]`/`{}` for array/object presence entries.
        public var value: JSONValue?
        public var sequenceNumber: UInt64

        public init(path: [String], value: JSONValue?, sequenceNumber: UInt64) {
            self.path = path
            self.value = value
            self.sequenceNumber = sequenceNumber
        }
    }

    public struct SpatialItem: Sendable, Hashable {
        public var path: [String]
        /// `nil` for a geometry that is not a point (``SpatialCell/unplaced``).
        public var point: GeoPoint?
        public var sequenceNumber: UInt64

        public init(path: [String], point: GeoPoint?, sequenceNumber: UInt64) {
            self.path = path
            self.point = point
            self.sequenceNumber = sequenceNumber
        }
    }

    public var range: Set<RangeItem> = []
    public var spatial: Set<SpatialItem> = []
    /// Expiry instants, in key order.
    public var expiries: [Int64] = []
    /// LSNs in the change feed, in order.
    public var changes: [UInt64] = []

    public init() {}
}
