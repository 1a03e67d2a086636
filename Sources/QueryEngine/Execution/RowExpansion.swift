import CosmosSQL
import JSON

/// The JOIN step: each row of the input is combined with every element its JOIN sources produce (an intra-document
/// cross product). A JOIN source that is missing, not an array, or empty produces nothing, so the row disappears.
enum RowExpansion {
    /// Calls `body` with every row a base row produces. `from`, when given, is a FROM clause that reads a path or a
    /// subquery of the base row (`FROM x IN c.tags`, `FROM c.children ch`) and is expanded first.
    static func forEachRow(
        of base: Scope,
        from: FromClause? = nil,
        joins: [JoinClause],
        evaluator: Evaluator,
        _ body: (Scope) throws(QueryError) -> Void
    ) throws(QueryError) {
        guard let from else {
            try self.expand(base, joins: joins[...], evaluator: evaluator, body)
            return
        }
        for value in try self.values(of: from.source, iterates: from.iterates, scope: base, evaluator: evaluator) {
            try self.expand(base.binding(from.alias, to: .value(value)), joins: joins[...], evaluator: evaluator, body)
        }
    }

    private static func expand(
        _ scope: Scope,
        joins: ArraySlice<JoinClause>,
        evaluator: Evaluator,
        _ body: (Scope) throws(QueryError) -> Void
    ) throws(QueryError) {
        guard let join = joins.first else {
            try body(scope)
            return
        }
        for value in try self.values(of: join.source, iterates: join.iterates, scope: scope, evaluator: evaluator) {
            try self.expand(scope.binding(join.alias, to: .value(value)), joins: joins.dropFirst(), evaluator: evaluator, body)
        }
    }

    /// The values a FROM/JOIN source yields in a scope: the elements of an array for `x IN source` (and for JOIN
    /// sources, which always iterate), the value itself otherwise; a subquery's results.
    static func values(of source: CollectionSource, iterates: Bool, scope: Scope, evaluator: Evaluator) throws(QueryError) -> [JSONValue] {
        let value: JSONValue?
        switch source {
        case .subquery(let query):
            return try evaluator.subqueryRunner.run(query, scope: scope, evaluator: evaluator)
        case .container(let name):
            value = scope.value(of: name) ?? nil
        case .path(let expression):
            value = try evaluator.evaluate(expression, scope)
        }
        guard let value else { return [] }
        if iterates {
            guard case .array(let elements) = value else { return [] }
            return elements
        }
        return [value]
    }
}
