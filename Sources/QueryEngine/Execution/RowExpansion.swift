import CosmosSQL
import JSON

/// The JOIN step: each row of the input is combined with every element its JOIN sources produce (an intra-document
/// cross product). A JOIN source that is missing, not an array, or empty produces nothing, so the row disappears.
///
/// The body answers whether to go on, so a full page stops the expansion at once; and one document may make at most
/// ``QueryOptions/maximumJoinRowsPerDocument`` bindings (rows and the partial combinations on the way to them), so
/// that a runaway cross product (four JOINs over 100-element arrays is 10^8 rows) fails with a clear error instead of
/// holding a thread and memory, even when a last empty JOIN would leave no row at all.
enum RowExpansion {
    private final class Counter {
        var bindings = 0
    }

    /// Calls `body` with every row a base row produces. `from`, when given, is a FROM clause that reads a path or a
    /// subquery of the base row (`FROM x IN c.tags`, `FROM c.children ch`) and is expanded first.
    ///
    /// `expandsFully` says that the caller will take every row (aggregates, sorts): a cross product known to pass the
    /// limit is then refused before it starts. A page that may stop early expands and counts instead, so its first
    /// rows are served even when the whole product is too large.
    @discardableResult
    static func forEachRow(
        of base: Scope,
        from: FromClause? = nil,
        joins: [JoinClause],
        evaluator: Evaluator,
        expandsFully: Bool = false,
        _ body: (Scope) throws(QueryError) -> Bool
    ) throws(QueryError) -> Bool {
        let counter = Counter()
        guard let from else {
            if expandsFully { try self.refuseKnownRunaway(base, joins: joins, evaluator: evaluator) }
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
        guard let join = joins.first else { return try body(scope) }
        for value in try self.values(of: join.source, iterates: join.iterates, scope: scope, evaluator: evaluator) {
            counter.bindings += 1
            if counter.bindings > evaluator.maximumJoinRowsPerDocument { throw self.runawayError(evaluator) }
            guard try self.expand(scope.binding(join.alias, to: .value(value)), joins: joins.dropFirst(), evaluator: evaluator,
                                  counter: counter, body)
            else { return false }
        }
        return true
    }

    /// Refuses at once a cross product whose size is known before expanding it: when every JOIN reads a path of the
    /// base row rather than of another JOIN's alias (`JOIN a IN c.x JOIN b IN c.y`), the row count is the product of
    /// the arrays' lengths, so a runaway is reported without first producing a million rows.
    private static func refuseKnownRunaway(_ base: Scope, joins: [JoinClause], evaluator: Evaluator) throws(QueryError) {
        guard joins.count > 1 else { return }
        let aliases = Set(joins.map(\.alias))
        for join in joins {
            guard case .path(let path) = join.source, let root = self.rootName(of: path), !aliases.contains(root) else { return }
        }
        var rows = 1
        var exceeds = false
        for join in joins {
            let count = try self.values(of: join.source, iterates: join.iterates, scope: base, evaluator: evaluator).count
            if count == 0 { return }
            let (product, overflow) = rows.multipliedReportingOverflow(by: count)
            exceeds = exceeds || overflow || product > evaluator.maximumJoinRowsPerDocument
            rows = overflow ? Int.max : product
        }
        if exceeds { throw self.runawayError(evaluator) }
    }

    private static func runawayError(_ evaluator: Evaluator) -> QueryError {
        QueryError(
            .evaluation,
            "the JOINs of one document produce more than \(evaluator.maximumJoinRowsPerDocument) rows or partial combinations; "
                + "narrow them with a subquery or a filter"
        )
    }

    /// The identifier a property path starts from (`c` for `c.a[0].b`).
    private static func rootName(of path: Expression) -> String? {
        switch path {
        case .identifier(let name): name
        case .property(let inner, _), .index(let inner, _): self.rootName(of: inner)
        default: nil
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
