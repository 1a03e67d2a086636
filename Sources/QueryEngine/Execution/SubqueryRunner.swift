import CosmosSQL
import JSON

/// Runs correlated subqueries (EXISTS, ARRAY, scalar subqueries, JOIN and FROM subqueries) in memory, over values
/// taken from the enclosing row.
final class SubqueryRunner {
    private var compiled: [SelectQuery: CompiledQuery] = [:]

    init() {}

    /// The values the subquery returns for the row bound in `scope`.
    func run(_ query: SelectQuery, scope: Scope, evaluator: Evaluator) throws(QueryError) -> [JSONValue] {
        let compiled: CompiledQuery
        if let cached = self.compiled[query] {
            compiled = cached
        } else {
            compiled = try QueryCompiler.compile(query, parameters: evaluator.parameters, outerNames: Set(scope.names))
            self.compiled[query] = compiled
        }
        let collector = RowCollector(compiled: compiled, evaluator: evaluator)
        if let from = query.from {
            let sources = try RowExpansion.values(of: from.source, iterates: from.iterates, scope: scope, evaluator: evaluator)
            for (index, value) in sources.enumerated() {
                try collector.add(scope.binding(from.alias, to: .value(value)), origin: UInt64(index))
            }
        } else {
            try collector.add(scope, origin: 0)
        }
        let rows = try collector.finish()
        let start = min(compiled.offset ?? 0, rows.count)
        let end = min(rows.count, start + (compiled.rowLimit ?? rows.count))
        return rows[start..<end].map(\.output.jsonValue)
    }
}
