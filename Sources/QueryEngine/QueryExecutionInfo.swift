public import JSON
import CosmosSQL

/// The query plan document (`partitionedQueryExecutionInfoVersion` 2) the Cosmos gateway returns to SDKs that ask
/// how to run a query across partitions (cosmos-wire.md 9.3 and 9.4).
///
/// `queryInfo` names what the SDK applies after merging the ranges (TOP, OFFSET/LIMIT, ORDER BY directions and
/// expressions, DISTINCT kind, aggregates, GROUP BY expressions and aliases); `rewrittenQuery` is what it sends to each
/// range instead of the original text, shaped so that partial results merge:
///
/// | query | `rewrittenQuery` |
/// |---|---|
/// | plain, TOP only, DISTINCT only | empty: the original text works per range |
/// | OFFSET o LIMIT l | `SELECT TOP o+l ...`: a range must not skip the rows the SDK skips after merging |
/// | ORDER BY | `SELECT [TOP n] c._rid, [{"item": key}, ...] AS orderByItems, <projection> AS payload ... WHERE <filter> AND ({documentdb-formattableorderbyquery-filter}) ORDER BY ...` (OFFSET/LIMIT as TOP o+l, DISTINCT left to the SDK) |
/// | `SELECT VALUE <aggregate>` | `SELECT VALUE [{"item": <aggregate>}] ...`; AVG as `{"item": {"sum": SUM(x), "count": COUNT(x)}}` |
/// | aggregates without VALUE | `SELECT {"alias": {"item": <aggregate>}, ...} AS payload ...` |
/// | GROUP BY | `SELECT [{"item": key}, ...] AS groupByItems, {"alias": value or {"item": <aggregate>}} AS payload ... GROUP BY ...` |
///
/// Aggregates are not ordered, limited or paged per range (one partial row per range, or per group and range); the
/// SDK applies TOP, OFFSET and LIMIT to the merged rows. An aggregate inside a larger expression (`COUNT(1) + 1`) has
/// no partial form and is refused. When the request lists its `x-ms-cosmos-supported-query-features`, a query that
/// needs a feature missing from the list is refused as the service refuses it ("Query contained GroupBy, which the
/// calling client does not support"); without the header nothing is checked.
public enum QueryExecutionInfo {
    /// The gateway's placeholder for the per-range continuation filter of ORDER BY queries; SDKs replace it (by `true`).
    public static let orderByFilterPlaceholder = "{documentdb-formattableorderbyquery-filter}"

    /// - Parameters:
    ///   - supportedFeatures: the features the client says it can merge (`x-ms-cosmos-supported-query-features`),
    ///     compared without regard to case; `nil` when the request does not say.
    /// - Throws: ``QueryError`` for invalid queries, aggregates that cannot be merged across partitions, and
    ///   features the client does not support.
    public static func plan(
        for text: String,
        parameters: [String: JSONValue] = [:],
        queryRanges: [JSONValue],
        supportedFeatures: Set<String>? = nil
    ) throws(QueryError) -> JSONValue {
        let query: SelectQuery
        do {
            query = try ParsedQueryCache.shared.query(parsing: text)
        } catch {
            throw QueryError(error, in: text)
        }
        let compiled = try QueryCompiler.compile(query, parameters: parameters)
        let projection = try Projection(query)
        if let supportedFeatures {
            try self.check(self.requiredFeatures(query, compiled: compiled, projection: projection), supported: supportedFeatures)
        }
        let isAggregate = !compiled.aggregates.isEmpty || !compiled.groupBy.isEmpty
        // A query that aggregates yields one row (or one per group): ordering it per range is void, so the plan has no
        // ORDER BY for it and the SDK does not look for orderByItems.
        let orderBy = isAggregate ? [] : compiled.orderBy
        var groupByAliases: [JSONValue] = []
        var aliasToAggregate: JSONObject = [:]
        if !projection.hasSelectValue && isAggregate {
            for item in projection.items {
                groupByAliases.append(.string(item.name))
                aliasToAggregate[item.name] = item.aggregate.map { JSONValue.string(Self.name(of: $0)) } ?? JSONValue.null
            }
        }
        let info: JSONObject = [
            "distinctType": .string(Self.distinctType(query, compiled: compiled, orderBy: orderBy)),
            "top": compiled.top.map { .integer(Int64($0)) } ?? .null,
            "offset": compiled.offset.map { .integer(Int64($0)) } ?? .null,
            "limit": compiled.limit.map { .integer(Int64($0)) } ?? .null,
            "orderBy": .array(orderBy.map { $0.isDescending ? "Descending" : "Ascending" }),
            "orderByExpressions": .array(orderBy.map { .string(SQLPrinter.format($0.expression)) }),
            "groupByExpressions": .array(compiled.groupBy.map { .string(SQLPrinter.format($0)) }),
            "groupByAliases": .array(groupByAliases),
            "groupByAliasToAggregateType": .object(aliasToAggregate),
            "aggregates": .array(compiled.aggregates.map { .string(Self.name(of: $0.kind)) }),
            "rewrittenQuery": .string(self.rewrittenQuery(query, compiled: compiled, projection: projection)),
            "hasSelectValue": .bool(projection.hasSelectValue),
            "dCountInfo": .null,
            "hasNonStreamingOrderBy": false,
        ]
        return ["partitionedQueryExecutionInfoVersion": 2, "queryInfo": .object(info), "queryRanges": .array(queryRanges)]
    }

    // MARK: Rewriting

    /// The per-range query of design B (see the table above); empty when the original text can be sent as it is.
    static func rewrittenQuery(_ query: SelectQuery, compiled: CompiledQuery, projection: Projection) -> String {
        let alias = compiled.alias ?? "c"
        var rewritten = query
        if !compiled.groupBy.isEmpty || !compiled.aggregates.isEmpty {
            // One partial row per range (or per group and range); the SDK merges, then orders, limits and dedups.
            rewritten.isDistinct = false
            rewritten.top = nil
            rewritten.offset = nil
            rewritten.limit = nil
            rewritten.orderBy = []
            let payload = projection.partialPayload
            if compiled.groupBy.isEmpty {
                rewritten.selection = projection.hasSelectValue
                    ? .value(.array([payload]))
                    : .items([SelectItem(expression: payload, alias: "payload")])
            } else {
                let keys = compiled.groupBy.map { Self.item($0) }
                rewritten.selection = .items([
                    SelectItem(expression: .array(keys), alias: "groupByItems"),
                    SelectItem(expression: payload, alias: "payload"),
                ])
            }
            return SQLPrinter.format(rewritten)
        }
        if !compiled.orderBy.isEmpty {
            rewritten.isDistinct = false
            rewritten.selection = .items([
                SelectItem(expression: .property(.identifier(alias), "_rid")),
                SelectItem(expression: .array(compiled.orderBy.map { Self.item($0.expression) }), alias: "orderByItems"),
                SelectItem(expression: projection.rowPayload(alias: alias), alias: "payload"),
            ])
            let placeholder = Expression.parameter(Self.placeholderParameter)
            rewritten.filter = query.filter.map { .binary(.and, $0, placeholder) } ?? placeholder
            Self.replaceOffsetAndLimitByTop(&rewritten, compiled: compiled)
            return SQLPrinter.format(rewritten)
                .replacingAll(Self.placeholderParameter, with: "(" + Self.orderByFilterPlaceholder + ")")
        }
        if compiled.offset != nil || compiled.limit != nil {
            Self.replaceOffsetAndLimitByTop(&rewritten, compiled: compiled)
            return SQLPrinter.format(rewritten)
        }
        return ""
    }

    /// A parameter name that stands for the placeholder while the query is printed (the placeholder is not SQL).
    private static let placeholderParameter = "@documentdbFormattableOrderByQueryFilter"

    /// `OFFSET o LIMIT l` becomes `TOP o+l`: each range returns the rows the SDK may need, and the SDK skips and
    /// limits after merging (a range that skipped rows itself would make the SDK skip them twice).
    private static func replaceOffsetAndLimitByTop(_ query: inout SelectQuery, compiled: CompiledQuery) {
        guard let limit = compiled.limit else { return }
        let bound = (compiled.offset ?? 0) + limit
        query.top = .literal(Int64(compiled.top.map { min($0, bound) } ?? bound))
        query.offset = nil
        query.limit = nil
    }

    static func item(_ expression: Expression) -> Expression {
        .object([ObjectMember(key: "item", value: expression)])
    }

    // MARK: Plan fields

    static func name(of kind: AggregateKind) -> String {
        switch kind {
        case .count: "Count"
        case .sum: "Sum"
        case .average: "Average"
        case .minimum: "Min"
        case .maximum: "Max"
        }
    }

    /// `Ordered` when equal results are neighbours once the ranges are merged in ORDER BY order (the projection is
    /// exactly the ordering keys, as in `SELECT DISTINCT VALUE c.id FROM c ORDER BY c.id`), so the SDK compares each
    /// row with the previous one; `Unordered` otherwise (the SDK remembers every row it has seen).
    static func distinctType(_ query: SelectQuery, compiled: CompiledQuery, orderBy: [OrderByItem]) -> String {
        guard compiled.isDistinct else { return "None" }
        guard !orderBy.isEmpty else { return "Unordered" }
        let keys = orderBy.map(\.expression)
        let projected: [Expression]
        switch query.selection {
        case .star: return "Unordered"
        case .value(let expression): projected = [expression]
        case .items(let items): projected = items.map(\.expression)
        }
        let sameSet = projected.allSatisfy { keys.contains($0) } && keys.allSatisfy { projected.contains($0) }
        return sameSet ? "Ordered" : "Unordered"
    }

    // MARK: Features

    /// The names the SDKs use in `x-ms-cosmos-supported-query-features` for what a cross-partition query needs merged.
    static func requiredFeatures(_ query: SelectQuery, compiled: CompiledQuery, projection: Projection) -> [String] {
        var features: [String] = []
        if !compiled.aggregates.isEmpty { features.append("Aggregate") }
        if compiled.aggregates.count > 1 { features.append("MultipleAggregates") }
        if !compiled.aggregates.isEmpty && compiled.groupBy.isEmpty && !projection.hasSelectValue { features.append("NonValueAggregate") }
        if compiled.isDistinct { features.append("Distinct") }
        if !compiled.groupBy.isEmpty { features.append("GroupBy") }
        if compiled.aggregates.isEmpty && compiled.groupBy.isEmpty && !compiled.orderBy.isEmpty {
            features.append(compiled.orderBy.count > 1 ? "MultipleOrderBy" : "OrderBy")
        }
        if compiled.offset != nil || compiled.limit != nil { features.append("OffsetAndLimit") }
        if compiled.top != nil { features.append("Top") }
        return features
    }

    private static func check(_ required: [String], supported: Set<String>) throws(QueryError) {
        let listed = Set(supported.map { $0.lowercased() })
        let missing = required.filter { !listed.contains($0.lowercased()) }
        guard !missing.isEmpty else { return }
        let named = missing.map { "Query contained \($0), which the calling client does not support." }.joined(separator: " ")
        throw QueryError(
            .unsupported,
            "Query contains 1 or more unsupported features (x-ms-cosmos-supported-query-features does not list them). \(named)"
        )
    }
}

extension QueryExecutionInfo {
    /// The select list of a query as the plan needs it: output names, which items are aggregates, and the payload
    /// expressions of the rewritten per-range query.
    struct Projection {
        struct Item {
            /// The output name: the alias, the inferred property name, or `$1`, `$2`, ... as the engine names them.
            let name: String
            let expression: Expression
            /// Set when the item is exactly one aggregate call (`COUNT(1)`, `AVG(c.n)`).
            let aggregate: AggregateKind?
        }

        let selection: Selection
        let hasSelectValue: Bool
        /// The select-list items (one unnamed item for `SELECT VALUE`, none for `SELECT *`).
        let items: [Item]

        /// - Throws: ``QueryError`` when an aggregate sits inside a larger expression: no partial result of a range
        ///   could be merged into it.
        init(_ query: SelectQuery) throws(QueryError) {
            self.selection = query.selection
            var items: [Item] = []
            switch query.selection {
            case .star:
                self.hasSelectValue = false
            case .value(let expression):
                self.hasSelectValue = true
                items.append(Item(name: "$1", expression: expression, aggregate: try Self.aggregate(in: expression)))
            case .items(let selected):
                self.hasSelectValue = false
                var unnamed = 0
                for item in selected {
                    let name: String
                    if let alias = item.alias {
                        name = alias
                    } else if let inferred = QueryCompiler.inferredName(of: item.expression) {
                        name = inferred
                    } else {
                        unnamed += 1
                        name = "$\(unnamed)"
                    }
                    items.append(Item(name: name, expression: item.expression, aggregate: try Self.aggregate(in: item.expression)))
                }
            }
            self.items = items
        }

        /// What one range returns for an aggregating query: each aggregate as `{"item": partial}` (AVG's partial is
        /// `{"sum", "count"}`), every other value as it is (a grouping key or a constant).
        var partialPayload: Expression {
            func partial(_ item: Item) -> Expression {
                guard let kind = item.aggregate, case .call(let call) = item.expression, let argument = call.arguments.first else {
                    return item.expression
                }
                guard kind == .average else { return QueryExecutionInfo.item(item.expression) }
                return QueryExecutionInfo.item(.object([
                    ObjectMember(key: "sum", value: .call(FunctionCall(name: "SUM", arguments: [argument]))),
                    ObjectMember(key: "count", value: .call(FunctionCall(name: "COUNT", arguments: [argument]))),
                ]))
            }
            if self.hasSelectValue, let only = self.items.first { return partial(only) }
            return .object(self.items.map { ObjectMember(key: $0.name, value: partial($0)) })
        }

        /// The projected row of an ORDER BY query, carried as `payload` next to its sort keys.
        func rowPayload(alias: String) -> Expression {
            switch self.selection {
            case .star: .identifier(alias)
            case .value(let expression): expression
            case .items: .object(self.items.map { ObjectMember(key: $0.name, value: $0.expression) })
            }
        }

        /// The aggregate an item is, `nil` when it has none.
        private static func aggregate(in expression: Expression) throws(QueryError) -> AggregateKind? {
            if case .call(let call) = expression, !call.isUserDefined, let kind = AggregateKind(name: call.name), call.arguments.count == 1 {
                return kind
            }
            var nested: FunctionCall?
            ExpressionWalker.visit(expression) { node, _ in
                if case .call(let call) = node, !call.isUserDefined, AggregateKind(name: call.name) != nil, nested == nil {
                    nested = call
                }
                return nested == nil
            }
            if let nested {
                throw QueryError(
                    .unsupported,
                    "'\(SQLPrinter.format(expression))' puts \(nested.name.uppercased()) inside a larger expression, which cannot be merged across partitions; select the aggregate alone (SELECT VALUE \(nested.name.uppercased())(...)), or give a partition key",
                    location: nested.location
                )
            }
            return nil
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
