public import CosmosSQL
public import DocumentStore
import JSON

/// An interval of a range index: encoded bounds (see `IndexValueEncoding`), either end open.
public struct IndexInterval: Sendable, Hashable, CustomStringConvertible {
    public var lower: IndexBound?
    public var upper: IndexBound?

    public init(lower: IndexBound?, upper: IndexBound?) {
        self.lower = lower
        self.upper = upper
    }

    public var description: String {
        func show(_ bound: IndexBound?, _ isLower: Bool) -> String {
            guard let bound else { return isLower ? "(" : ")" }
            let value = bound.encoded.withUnsafeBytes { IndexValueEncoding.decode($0) }
            let text = bound.encoded.count == 1 ? Self.typeName(bound.encoded[0], isLower: isLower) : (value.map { "\($0)" } ?? "?")
            return isLower ? (bound.inclusive ? "[" : "(") + text : text + (bound.inclusive ? "]" : ")")
        }
        return show(self.lower, true) + ", " + show(self.upper, false)
    }

    private static func typeName(_ marker: UInt8, isLower: Bool) -> String {
        let names: [UInt8: String] = [0x00: "undefined", 0x01: "null", 0x02: "false", 0x03: "true", 0x04: "end of booleans",
                                      0x05: "numbers", 0x06: "end of numbers", 0x08: "strings", 0x09: "end of strings",
                                      0x0A: "arrays", 0x0B: "objects", 0x0C: "end"]
        return names[marker] ?? "type \(marker)"
    }
}

/// How a query reaches its candidate documents. Whatever the path, the full WHERE is applied to each candidate, so
/// an index can only narrow the work, never change the answer.
public enum AccessPath: Sendable, Hashable, CustomStringConvertible {
    /// One document by id and partition key.
    case pointRead(id: String, partitionKey: PartitionKeyValue)
    /// The documents of an effective-partition-key interval (one logical partition, a hierarchical prefix, or a
    /// partition key range), through the identity index.
    case partition(EffectivePartitionKeyRange)
    /// Entries of the range index on `path` within the intervals, in value order.
    case rangeIndex(path: [String], intervals: [IndexInterval], descending: Bool)
    /// Points of the spatial index on `path` inside a bounding box (and within a distance of a point, when the query
    /// bounds one), plus the geometries that are not points.
    case spatialIndex(path: [String], box: GeoBoundingBox, distance: SpatialDistanceBound?)
    /// `COUNT` answered from the maintained document counters, without reading documents.
    case counters
    /// Every document, in creation order.
    case fullScan
    /// No FROM: the query evaluates once over no document.
    case noInput

    public var description: String {
        switch self {
        case .pointRead(let id, let partitionKey):
            return "point read id=\(id) partitionKey=\(partitionKey)"
        case .partition(let range):
            return "partition scan \(range)"
        case .rangeIndex(let path, let intervals, let descending):
            return "range index /\(path.joined(separator: "/")) \(intervals.map(\.description).joined(separator: " ∪ "))"
                + (descending ? " descending" : " ascending")
        case .spatialIndex(let path, let box, let distance):
            return "spatial index /\(path.joined(separator: "/")) box lat [\(box.south), \(box.north)] lon [\(box.west), \(box.east)]"
                + (distance.map { " \($0)" } ?? "")
        case .counters:
            return "document counters"
        case .fullScan:
            return "full scan"
        case .noInput:
            return "no input"
        }
    }

    /// A short name for metrics and tests.
    public var kind: String {
        switch self {
        case .pointRead: "pointRead"
        case .partition: "partition"
        case .rangeIndex: "rangeIndex"
        case .spatialIndex: "spatialIndex"
        case .counters: "counters"
        case .fullScan: "fullScan"
        case .noInput: "noInput"
        }
    }
}

/// What the planner chose for a query, as `explain` reports it.
public struct QueryPlan: Sendable, Hashable, CustomStringConvertible {
    public var accessPath: AccessPath
    /// The access path delivers rows in ORDER BY order, so results stream (and TOP stops early).
    public var deliversOrder: Bool
    /// Restriction from the caller (partition key or EPK interval) checked on every candidate.
    public var restriction: EffectivePartitionKeyRange?
    /// The WHERE clause applied to every candidate (`nil` when there is none).
    public var filterExpression: Expression?
    /// ``filterExpression`` as SQL text (printed on demand: most queries never look at their plan).
    public var filter: String? { self.filterExpression.map { SQLPrinter.format($0) } }
    /// Every candidate access path the planner considered, with the number of entries it counted (`nil`: stopped
    /// counting before it finished).
    public var considered: [Consideration]

    public struct Consideration: Sendable, Hashable {
        public var path: AccessPath
        public var entries: Int?
    }

    public var description: String {
        var text = self.accessPath.description
        if self.deliversOrder { text += ", in ORDER BY order" }
        if let restriction = self.restriction { text += ", restricted to \(restriction)" }
        if let filter = self.filter { text += ", filter: \(filter)" }
        return text
    }
}
