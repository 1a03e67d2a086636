public import JSON
import CosmosSQL

/// The query plan document (`partitionedQueryExecutionInfoVersion` 2) the Cosmos gateway returns to SDKs that ask
/// how to run a query across partitions: TOP/OFFSET/LIMIT, ORDER BY directions and expressions, aggregates, DISTINCT
/// kind, whether the projection is a VALUE, and the rewritten per-partition query (in the gateway's shapes:
/// `orderByItems`/`payload` rows for ORDER BY, arrays of `{"item": ...}` for VALUE aggregates).
public enum QueryExecutionInfo {
    public static func plan(for text: String, parameters: [String: JSONValue] = [:], queryRanges: [JSONValue]) throws(QueryError) -> JSONValue {
        let query: SelectQuery
        do {
            query = try ParsedQueryCache.shared.query(parsing: text)
        } catch {
            throw QueryError(error)
        }
        let compiled = try QueryCompiler.compile(query, parameters: parameters)
        let aggregates: [JSONValue] = compiled.aggregates.map { aggregate in
            switch aggregate.kind {
            case .count: "Count"
            case .sum: "Sum"
            case .average: "Average"
            case .minimum: "Min"
            case .maximum: "Max"
            }
        }
        var hasSelectValue = false
        if case .value = query.selection { hasSelectValue = true }
        let distinctType: String = !compiled.isDistinct ? "None" : (compiled.orderBy.isEmpty ? "Unordered" : "Ordered")
        var groupAliases: [JSONValue] = []
        if !compiled.groupBy.isEmpty, case .items(let items) = query.selection {
            groupAliases = items.compactMap { item in item.alias.map(JSONValue.string) }
        }
        let info: JSONObject = [
            "distinctType": .string(distinctType),
            "top": compiled.top.map { .integer(Int64($0)) } ?? .null,
            "offset": compiled.offset.map { .integer(Int64($0)) } ?? .null,
            "limit": compiled.limit.map { .integer(Int64($0)) } ?? .null,
            "orderBy": .array(compiled.orderBy.map { $0.isDescending ? "Descending" : "Ascending" }),
            "orderByExpressions": .array(compiled.orderBy.map { .string(SQLPrinter.format($0.expression)) }),
            "groupByExpressions": .array(compiled.groupBy.map { .string(SQLPrinter.format($0)) }),
            "groupByAliases": .array(groupAliases),
            "groupByAliasToAggregateType": .object([:]),
            "aggregates": .array(aggregates),
            "rewrittenQuery": .string(self.rewrittenQuery(query, compiled: compiled)),
            "hasSelectValue": .bool(hasSelectValue),
            "dCountInfo": .null,
            "hasNonStreamingOrderBy": false,
        ]
        return ["partitionedQueryExecutionInfoVersion": 2, "queryInfo": .object(info), "queryRanges": .array(queryRanges)]
    }

    /// The per-partition query the SDK would send in design B (see cosmos-wire.md 9.3); empty when the original
    /// query can be sent as is.
    static func rewrittenQuery(_ query: SelectQuery, compiled: CompiledQuery) -> String {
        var rewritten = query
        if !compiled.orderBy.isEmpty {
            let items = compiled.orderBy.map { item -> Expression in .object([ObjectMember(key: "item", value: item.expression)]) }
            let payload: Expression
            switch query.selection {
            case .star: payload = .identifier(compiled.alias ?? "c")
            case .value(let expression): payload = expression
            case .items(let selected):
                payload = .object(selected.enumerated().map { index, item in
                    ObjectMember(key: item.alias ?? QueryCompiler.inferredName(of: item.expression) ?? "$\(index + 1)", value: item.expression)
                })
            }
            rewritten.isDistinct = false
            rewritten.selection = .items([
                SelectItem(expression: .property(.identifier(compiled.alias ?? "c"), "_rid")),
                SelectItem(expression: .array(items), alias: "orderByItems"),
                SelectItem(expression: payload, alias: "payload"),
            ])
            // The gateway's placeholder for the per-range continuation filter, which the SDK replaces (with `true`).
            let placeholder = Expression.parameter("@documentdbFormattableOrderByQueryFilter")
            rewritten.filter = query.filter.map { .binary(.and, placeholder, $0) } ?? placeholder
            if let limit = compiled.limit {
                rewritten.top = .literal(Int64((compiled.offset ?? 0) + limit))
                rewritten.offset = nil
                rewritten.limit = nil
            }
            return SQLPrinter.format(rewritten)
                .replacingAll("@documentdbFormattableOrderByQueryFilter", with: "({documentdb-formattableorderbyquery-filter})")
        }
        if case .value(let expression) = query.selection, !compiled.aggregates.isEmpty, compiled.groupBy.isEmpty {
            guard case .call = expression else { return "" }
            rewritten.selection = .value(.array([.object([ObjectMember(key: "item", value: expression)])]))
            return SQLPrinter.format(rewritten)
        }
        return ""
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
