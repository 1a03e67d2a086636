public import DocumentStore
public import JSON

/// How to run a query: parameters, paging and restrictions.
public struct QueryOptions: Sendable {
    /// Values for `@name` parameters (the name includes the `@`).
    public var parameters: [String: JSONValue]
    /// The most rows one page returns; `nil` (or a value below 1) for no limit.
    public var maxItemCount: Int?
    /// The token of the previous page, to resume after it.
    public var continuation: String?
    /// Restrict the query to one logical partition.
    public var partitionKey: PartitionKeyValue?
    /// Restrict the query to an interval of effective partition keys (a partition key range, a feed range).
    public var range: EffectivePartitionKeyRange?
    /// A page stops growing once its rows reach this many bytes (at least one row is always returned).
    public var maximumResponseBytes: Int
    /// A streaming page stops after examining this many documents, returning what it has and a continuation (so
    /// that one request stays short even when few documents match). `nil`: no limit.
    public var maximumExaminedDocuments: Int?
    /// `false` makes the planner ignore every index and scan the container (for diagnostics, and for tests that
    /// check that indexes never change an answer).
    public var usesIndexes: Bool
    /// `false` makes every WHERE go through the generic evaluator, never the direct tests on stored bytes (for tests
    /// that check that the direct tests answer exactly as the evaluator does).
    public var usesDirectFilters: Bool
    /// The most rows the JOINs of one document may produce before the query fails with a clear error (a runaway
    /// cross product would otherwise hold a thread and memory).
    public var maximumJoinRowsPerDocument: Int

    public static let defaultMaximumJoinRowsPerDocument = 1_000_000

    public init(
        parameters: [String: JSONValue] = [:],
        maxItemCount: Int? = nil,
        continuation: String? = nil,
        partitionKey: PartitionKeyValue? = nil,
        range: EffectivePartitionKeyRange? = nil,
        maximumResponseBytes: Int = 4 << 20,
        maximumExaminedDocuments: Int? = nil,
        usesIndexes: Bool = true,
        usesDirectFilters: Bool = true,
        maximumJoinRowsPerDocument: Int = QueryOptions.defaultMaximumJoinRowsPerDocument
    ) {
        self.parameters = parameters
        self.maxItemCount = maxItemCount
        self.continuation = continuation
        self.partitionKey = partitionKey
        self.range = range
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumExaminedDocuments = maximumExaminedDocuments
        self.usesIndexes = usesIndexes
        self.usesDirectFilters = usesDirectFilters
        self.maximumJoinRowsPerDocument = maximumJoinRowsPerDocument
    }
}

/// One page of query results.
public struct QueryPage: Sendable {
    /// Each row as JSON text.
    public var rows: QueryRows
    /// Pass it back in ``QueryOptions/continuation`` for the next page; `nil` on the last page.
    public var continuation: String?
    public var plan: QueryPlan
    public var metrics: QueryMetrics

    /// The rows parsed.
    public var values: [JSONValue] {
        self.rows.compactMap { try? JSONReader.parse($0) }
    }
}

/// What a page cost.
public struct QueryMetrics: Sendable, Hashable {
    /// Documents read from the store (candidates of the access path).
    public var documentsExamined: Int
    /// Rows that passed the filter.
    public var rowsMatched: Int
    /// Documents whose whole body was parsed into a JSON tree (a projection or function over the whole document);
    /// filters and projections on fields read only those fields' bytes, and `SELECT *` writes the stored text.
    public var documentsMaterialized: Int
}
