import CosmosSQL
import JSON

/// The JOIN step: each row of the input is combined with every element its JOIN sources produce (an intra-document
/// cross product). A JOIN source that is missing, not an array, or empty produces nothing, so the row disappears.
///
/// The body answers whether to go on, so a full page stops the expansion at once; and one document may produce at
/// most ``maximumRowsPerDocument`` rows, so that a runaway cross product (four JOINs over 100-element arrays is 10^8
/// rows) fails with a clear error instead of holding a thread and memory.
enum RowExpansion {
    static let maximumRowsPerDocument = 1_000_000

    private final class Counter {
        var rows = 0
    }

    /// Calls `body` with every row a base row produces. `from`, when given, is a FROM clause that reads a path or a
    /// subquery of the base row (`FROM x IN c.tags`, `FROM c.children ch`) and is expanded first.
    @discardableResult
    static func forEachRow(
        of base: Scope,
        from: FromClause? = nil,
        joins: [JoinClause],
        evaluator: Evaluator,
        _ body: (Scope) throws(QueryError) -> Bool
    ) throws(QueryError) -> Bool {
        let counter = Counter()
        guard let from else {
            return try self.expand(base, joins: joins[...], evaluator: evaluator, counter: counter, body)
        }
        for value in try self.values(of: from.source, iterates: from.iterates, scope: base, evaluator: evaluator) {
            guard try self.expand(base.binding(from.alias, to: .value(value)), joins: joins[...], evaluator: evaluator, counter: counter, body)
            else { return false }
        }
        return true
    }

    private static func expand(
        _ scope: Scope,
        joins: ArraySlice<JoinClause>,
        evaluator: Evaluator,
        counter: Counter,
        _ body: (Scope) throws(QueryError) -> Bool
    ) throws(QueryError) -> Bool {
        guard let join = joins.first else {
            counter.rows += 1
            if counter.rows > self.maximumRowsPerDocument {
                throw QueryError(
                    .evaluation,
                    "the JOINs of one document produce more than \(self.maximumRowsPerDocument) rows; narrow them with a subquery or a filter"
                )
            }
            return try body(scope)
        }
        for value in try self.values(of: join.source, iterates: join.iterates, scope: scope, evaluator: evaluator) {
            guard try self.expand(scope.binding(join.alias, to: .value(value)), joins: joins.dropFirst(), evaluator: evaluator,
                                  counter: counter, body)
            else { return false }
        }
        return true
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
