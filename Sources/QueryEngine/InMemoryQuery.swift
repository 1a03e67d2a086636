public import JSON
import CosmosSQL
import QueryFunctions

/// Queries over values held in memory: the REST API's queries over databases and containers, and patch conditions.
public enum InMemoryQuery {
    /// Every row of `text` evaluated over `values` (each bound to the FROM alias).
    public static func run(_ text: String, parameters: [String: JSONValue] = [:], over values: [JSONValue], nowMillis: Int64 = 0) throws(QueryError) -> [JSONValue] {
        let query: SelectQuery
        do {
            query = try SQLParser.parse(text)
        } catch {
            throw QueryError(error, in: text)
        }
        let compiled = try QueryCompiler.compile(query, parameters: parameters)
        let evaluator = Evaluator(parameters: parameters, context: FunctionContext(nowMillis: nowMillis), subqueries: SubqueryRunner())
        let collector = RowCollector(compiled: compiled, evaluator: evaluator)
        if let from = query.from {
            // `FROM root r` binds each value to `r`; `FROM x IN c.tags` binds it to `c` and iterates the path (as the
            // executor of container queries does).
            let name = compiled.readsDocumentsDirectly ? from.alias : compiled.containerName ?? from.alias
            for (index, value) in values.enumerated() {
                let scope = Scope().binding(name, to: .value(value))
                try collector.add(scope, origin: UInt64(index), expandingFrom: !compiled.readsDocumentsDirectly)
            }
        } else {
            try collector.add(Scope(), origin: 0)
        }
        let rows = try collector.finish()
        let start = min(compiled.offset ?? 0, rows.count)
        let end = min(rows.count, start + (compiled.rowLimit ?? rows.count))
        return rows[start..<end].map(\.output.jsonValue)
    }

    /// A patch condition (`FROM c WHERE c.status = 'open'`, as the patch API sends it) as a predicate on a document.
    public static func condition(_ text: String, nowMillis: Int64) throws(QueryError) -> @Sendable (JSONValue) throws -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
        let query = trimmed.lowercased().hasPrefix("select") ? String(trimmed) : "SELECT VALUE 1 " + trimmed
        // Compiled once now, so that a malformed condition is reported before the write is queued.
        _ = try self.run(query, over: [])
        return { document in
            !(try InMemoryQuery.run(query, over: [document], nowMillis: nowMillis)).isEmpty
        }
    }
}
