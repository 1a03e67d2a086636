import DocumentStore

/// Where a scan of an access path stopped; scans resume strictly after it.
enum ScanPosition: Sendable, Hashable {
    case sequence(UInt64)
    case index(interval: Int, key: IndexScanKey)
    case spatial(SpatialScanPosition)
    case partition(PartitionScanPosition)
}

/// Runs an access path against a snapshot: probing (counting index entries without reading documents) for the
/// planner, and scanning (live documents with their positions) for the executor.
enum CandidateScanner {
    /// Calls `body` with the position of each entry after `after`; answers whether the entries ran out before `body`
    /// asked to stop.
    static func probe(
        _ path: AccessPath,
        container: ContainerProperties,
        after: ScanPosition?,
        in snapshot: borrowing StoreSnapshot,
        _ body: (ScanPosition) -> Bool
    ) throws -> Bool {
        var stopped = false
        switch path {
        case .rangeIndex(let indexPath, let intervals, let descending):
            try self.forEachIndexEntry(indexPath, intervals, descending, container: container, after: after, in: snapshot) { _, position in
                stopped = !body(position)
                return !stopped
            }
        case .spatialIndex(let indexPath, let box, _):
            var start: SpatialScanPosition?
            if case .spatial(let position)? = after { start = position }
            try snapshot.scanSpatialIndex(in: container, path: indexPath, box: box, after: start) { entry in
                stopped = !body(.spatial(entry.position))
                return !stopped
            }
        case .partition(let range):
            var start: PartitionScanPosition?
            if case .partition(let position)? = after { start = position }
            try snapshot.scanIdentities(in: container, range: range, after: start) { _, position in
                stopped = !body(.partition(position))
                return !stopped
            }
        default:
            return true
        }
        return !stopped
    }

    /// Calls `body` with each live document of the access path after `after`, until it answers `false`.
    static func scan(
        _ path: AccessPath,
        container: ContainerProperties,
        after: ScanPosition?,
        in snapshot: borrowing StoreSnapshot,
        _ body: (DocumentView, ScanPosition) throws -> Bool
    ) throws {
        switch path {
        case .pointRead(let id, let partitionKey):
            guard after == nil else { return }
            _ = try snapshot.withDocument(id: id, partitionKey: partitionKey, in: container) { document in
                try body(document, .sequence(document.sequenceNumber))
            }
        case .fullScan:
            var start: UInt64?
            if case .sequence(let sequence)? = after { start = sequence }
            try snapshot.scanDocuments(in: container, after: start) { document in
                try body(document, .sequence(document.sequenceNumber))
            }
        case .partition(let range):
            var start: PartitionScanPosition?
            if case .partition(let position)? = after { start = position }
            try snapshot.scanPartitions(in: container, range: range, after: start) { document, position in
                try body(document, .partition(position))
            }
        case .rangeIndex(let indexPath, let intervals, let descending):
            var firstInterval = 0
            var resumeKey: [UInt8]?
            if case .index(let interval, let key)? = after {
                firstInterval = interval
                resumeKey = key.bytes
            }
            guard firstInterval < intervals.count else { return }
            for index in firstInterval..<intervals.count {
                var proceed = true
                try snapshot.scanRangeIndexDocuments(
                    in: container,
                    path: indexPath,
                    lower: intervals[index].lower,
                    upper: intervals[index].upper,
                    descending: descending,
                    after: index == firstInterval ? resumeKey : nil
                ) { entry, document in
                    proceed = try body(document, .index(interval: index, key: IndexScanKey(entry.keySuffix)))
                    return proceed
                }
                if !proceed { return }
            }
        case .spatialIndex(let indexPath, let box, let distance):
            var start: SpatialScanPosition?
            if case .spatial(let position)? = after { start = position }
            try snapshot.scanSpatialIndexDocuments(
                in: container,
                path: indexPath,
                box: box,
                after: start,
                admitting: { entry in
                    // Geometries that are not points (no indexed point) are always read.
                    guard let distance, let point = entry.point else { return true }
                    return distance.admits(point)
                }
            ) { entry, document in
                try body(document, .spatial(entry.position))
            }
        case .counters, .noInput:
            return
        }
    }

    /// Entries of a multi-interval range-index scan, interval by interval.
    private static func forEachIndexEntry(
        _ path: [String],
        _ intervals: [IndexInterval],
        _ descending: Bool,
        container: ContainerProperties,
        after: ScanPosition?,
        in snapshot: borrowing StoreSnapshot,
        _ body: (UInt64, ScanPosition) throws -> Bool
    ) throws {
        var firstInterval = 0
        var resumeKey: [UInt8]?
        if case .index(let interval, let key)? = after {
            firstInterval = interval
            resumeKey = key.bytes
        }
        guard firstInterval < intervals.count else { return }
        for index in firstInterval..<intervals.count {
            var proceed = true
            try snapshot.scanRangeIndex(
                in: container,
                path: path,
                lower: intervals[index].lower,
                upper: intervals[index].upper,
                descending: descending,
                after: index == firstInterval ? resumeKey : nil
            ) { entry in
                proceed = try body(entry.sequenceNumber, .index(interval: index, key: IndexScanKey(entry.keySuffix)))
                return proceed
            }
            if !proceed { return }
        }
    }
}
