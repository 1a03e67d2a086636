/// One `SELECT` query: the whole input, or a subquery inside `EXISTS(...)`, `ARRAY(...)`, `(...)`, FROM or JOIN.
///
/// Clauses appear in the order Cosmos DB requires:
/// `SELECT [DISTINCT] [TOP n] selection [FROM ...] [JOIN ...]* [WHERE ...] [GROUP BY ...] [ORDER BY ...] [OFFSET n LIMIT m]`.
public struct SelectQuery: Sendable, Hashable {
    public var isDistinct: Bool
    /// `TOP n` or `TOP @p`.
    public var top: CountValue?
    public var selection: Selection
    /// `nil` for queries without FROM, such as `SELECT 1` or `SELECT VALUE [1, 2]`.
    public var from: FromClause?
    /// JOINs in source order; only present when `from` is.
    public var joins: [JoinClause]
    /// The WHERE condition.
    public var filter: Expression?
    public var groupBy: [Expression]
    public var orderBy: [OrderByItem]
    /// `offset` and `limit` are either both present or both `nil`: the grammar only has `OFFSET n LIMIT m`.
    public var offset: CountValue?
    public var limit: CountValue?

    public init(
        isDistinct: Bool = false,
        top: CountValue? = nil,
        selection: Selection,
        from: FromClause? = nil,
        joins: [JoinClause] = [],
        filter: Expression? = nil,
        groupBy: [Expression] = [],
        orderBy: [OrderByItem] = [],
        offset: CountValue? = nil,
        limit: CountValue? = nil
    ) {
        self.isDistinct = isDistinct
        self.top = top
        self.selection = selection
        self.from = from
        self.joins = joins
        self.filter = filter
        self.groupBy = groupBy
        self.orderBy = orderBy
        self.offset = offset
        self.limit = limit
    }
}
