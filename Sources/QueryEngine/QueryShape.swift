public import JSON
import CosmosSQL

/// What kind of result a query produces, for callers that must apply rules by shape (the REST gateway's
/// cross-partition rules) or describe it (the query-plan API).
public struct QueryShape: Sendable, Hashable {
    /// `SELECT VALUE <aggregate>(...)`, one bare value.
    public var isValueAggregate: Bool
    /// Aggregates anywhere in the projection.
    public var hasAggregates: Bool
    public var hasGroupBy: Bool
    public var isDistinct: Bool
    public var hasOrderBy: Bool
    public var hasSelectValue: Bool

    /// Parses and checks `text`.
    public init(_ text: String, parameters: [String: JSONValue] = [:]) throws(QueryError) {
        let query: SelectQuery
        do {
            query = try ParsedQueryCache.shared.query(parsing: text)
        } catch {
            throw QueryError(error, in: text)
        }
        let compiled = try QueryCompiler.compile(query, parameters: parameters)
        self.hasAggregates = !compiled.aggregates.isEmpty
        self.hasGroupBy = !compiled.groupBy.isEmpty
        self.isDistinct = compiled.isDistinct
        self.hasOrderBy = !compiled.orderBy.isEmpty
        if case .value = query.selection { self.hasSelectValue = true } else { self.hasSelectValue = false }
        if case .value(.parameter(let slot)) = compiled.projection, compiled.aggregates.count == 1, compiled.aggregates[0].slot == slot,
            compiled.groupBy.isEmpty
        {
            self.isValueAggregate = true
        } else {
            self.isValueAggregate = false
        }
    }
}
