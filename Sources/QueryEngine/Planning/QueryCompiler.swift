import CosmosSQL
import JSON
import QueryFunctions

/// Checks a parsed query against the language rules and rewrites it for execution.
///
/// Rejected with a clear ``QueryError``: names that no FROM or JOIN alias defines (`SELECT id FROM c`), unknown
/// functions, wrong argument counts, user-defined functions, aggregates outside SELECT or nested in each other,
/// `SELECT *` without exactly one input set, projections in a GROUP BY query that are neither grouped expressions nor
/// aggregates, subqueries or aggregates inside GROUP BY, ORDER BY together with GROUP BY, and TOP/OFFSET/LIMIT values
/// that are not non-negative integers.
enum QueryCompiler {
    static func compile(
        _ query: SelectQuery,
        parameters: [String: JSONValue],
        outerNames: Set<String> = []
    ) throws(QueryError) -> CompiledQuery {
        let top = try self.count(query.top, "TOP", parameters)
        let offset = try self.count(query.offset, "OFFSET", parameters)
        let limit = try self.count(query.limit, "LIMIT", parameters)

        var containerName: String?
        var visible = outerNames
        if let from = query.from {
            switch from.source {
            case .container(let name):
                containerName = name
                if from.iterates {
                    // `FROM x IN c`: iterate the container name's value.
                    guard outerNames.contains(name) else {
                        throw QueryError(.invalidQuery, "FROM \(from.alias) IN \(name): '\(name)' is not an array the query defines")
                    }
                }
            case .path(let expression):
                containerName = Self.rootIdentifier(of: expression)
                guard let root = containerName else {
                    throw QueryError(.invalidQuery, "a FROM path must start with the container name, like FROM c.children")
                }
                try self.validate(expression, names: outerNames.union([root]), parameters: parameters, aggregatesAllowed: false)
            case .subquery(let subquery):
                let inner = try self.compile(subquery, parameters: parameters, outerNames: outerNames)
                guard inner.isStreaming, inner.top == nil, inner.offset == nil, inner.limit == nil else {
                    throw QueryError(.unsupported, "a FROM subquery with aggregates, GROUP BY, DISTINCT, ORDER BY, TOP or OFFSET/LIMIT is not supported")
                }
                containerName = inner.containerName
            }
            visible.insert(from.alias)
        }
        for join in query.joins {
            switch join.source {
            case .container(let name):
                guard visible.contains(name) else {
                    throw QueryError(.invalidQuery, "JOIN \(join.alias) IN \(name): '\(name)' is not defined; use JOIN \(join.alias) IN c.property")
                }
            case .path(let expression):
                try self.validate(expression, names: visible, parameters: parameters, aggregatesAllowed: false)
            case .subquery(let subquery):
                _ = try self.compile(subquery, parameters: parameters, outerNames: visible)
            }
            guard !visible.contains(join.alias) || outerNames.contains(join.alias) else {
                throw QueryError(.invalidQuery, "the alias '\(join.alias)' is defined twice")
            }
            visible.insert(join.alias)
        }
        if let filter = query.filter {
            try self.validate(filter, names: visible, parameters: parameters, aggregatesAllowed: false)
        }
        for expression in query.groupBy {
            try self.validateGroupingExpression(expression)
            try self.validate(expression, names: visible, parameters: parameters, aggregatesAllowed: false)
        }
        for item in query.orderBy {
            try self.validate(item.expression, names: visible, parameters: parameters, aggregatesAllowed: false)
        }
        if !query.groupBy.isEmpty && !query.orderBy.isEmpty {
            throw QueryError(.unsupported, "ORDER BY cannot be combined with GROUP BY")
        }

        // Projection, aggregates and grouping.
        var aggregates: [CompiledQuery.Aggregate] = []
        var projection: CompiledQuery.Projection
        switch query.selection {
        case .star:
            guard query.from != nil else {
                throw QueryError(.invalidQuery, "SELECT * needs a FROM clause")
            }
            guard query.joins.isEmpty else {
                throw QueryError(.invalidQuery, "SELECT * is only valid with a single input set; with JOIN, name the values to return")
            }
            guard query.groupBy.isEmpty else {
                throw QueryError(.invalidQuery, "SELECT * cannot be used with GROUP BY")
            }
            projection = .star
        case .value(let expression):
            try self.validate(expression, names: visible, parameters: parameters, aggregatesAllowed: true)
            projection = .value(try self.extractAggregates(expression, into: &aggregates))
        case .items(let items):
            var named: [(name: String, expression: Expression)] = []
            var unnamed = 0
            var seen: Set<String> = []
            for item in items {
                try self.validate(item.expression, names: visible, parameters: parameters, aggregatesAllowed: true)
                let name: String
                if let alias = item.alias {
                    name = alias
                } else if let inferred = Self.inferredName(of: item.expression) {
                    name = inferred
                } else {
                    unnamed += 1
                    name = "$\(unnamed)"
                }
                guard seen.insert(name).inserted else {
                    throw QueryError(.invalidQuery, "the projection names '\(name)' twice; give the values different aliases with AS")
                }
                named.append((name, try self.extractAggregates(item.expression, into: &aggregates)))
            }
            projection = .object(named)
        }
        if !aggregates.isEmpty || !query.groupBy.isEmpty {
            projection = try self.substituteGroups(projection, groupBy: query.groupBy)
        }
        return CompiledQuery(
            query: query,
            alias: query.from?.alias,
            containerName: containerName,
            projection: projection,
            aggregates: aggregates,
            groupBy: query.groupBy,
            orderBy: query.orderBy,
            isDistinct: query.isDistinct,
            top: top,
            offset: offset,
            limit: limit
        )
    }

    // MARK: Validation

    private static func count(_ value: CountValue?, _ clause: String, _ parameters: [String: JSONValue]) throws(QueryError) -> Int? {
        switch value {
        case nil:
            return nil
        case .literal(let number):
            guard number >= 0, let count = Int(exactly: number) else {
                throw QueryError(.invalidQuery, "\(clause) must be a non-negative integer")
            }
            return count
        case .parameter(let name):
            guard let parameter = parameters[name] else {
                throw QueryError(.invalidParameter, "the query uses parameter \(name) for \(clause) but no value was given for it")
            }
            guard let number = parameter.integerValue, number >= 0, let count = Int(exactly: number) else {
                throw QueryError(.invalidParameter, "\(clause) \(name) must be a non-negative integer, got \(parameter)")
            }
            return count
        }
    }

    /// GROUP BY takes neither subqueries nor aggregates (group-by.md), checked before anything else so that the error
    /// names the rule rather than a symptom.
    private static func validateGroupingExpression(_ expression: Expression) throws(QueryError) {
        var failure: QueryError?
        ExpressionWalker.visit(expression) { node, _ in
            switch node {
            case .exists, .arraySubquery, .scalarSubquery:
                failure = QueryError(.invalidQuery, "GROUP BY cannot contain a subquery; group by a property or an expression of properties")
            case .call(let call) where !call.isUserDefined && AggregateKind(name: call.name) != nil:
                failure = QueryError(.invalidQuery, "GROUP BY cannot contain the aggregate \(call.name.uppercased()); aggregates belong in SELECT",
                                     location: call.location)
            default:
                break
            }
            return failure == nil
        }
        if let failure { throw failure }
    }

    /// Checks names, parameters and functions in an expression (subqueries are compiled with the names visible here).
    static func validate(
        _ expression: Expression,
        names: Set<String>,
        parameters: [String: JSONValue],
        aggregatesAllowed: Bool
    ) throws(QueryError) {
        var failure: QueryError?
        ExpressionWalker.visit(expression) { node, insideAggregate in
            guard failure == nil else { return false }
            switch node {
            case .identifier(let name) where !names.contains(name):
                failure = QueryError(.invalidQuery, "'\(name)' is not defined: properties must be qualified with an alias, like c.\(name)")
            case .parameter(let name) where parameters[name] == nil:
                failure = QueryError(.invalidParameter, "the query uses parameter \(name) but no value was given for it")
            case .call(let call):
                if call.isUserDefined {
                    failure = QueryError(.unsupported, "user-defined functions (udf.\(call.name)) are not supported", location: call.location)
                } else if AggregateKind(name: call.name) != nil {
                    if !aggregatesAllowed {
                        failure = QueryError(.invalidQuery, "the aggregate \(call.name.uppercased()) is only allowed in SELECT", location: call.location)
                    } else if insideAggregate {
                        failure = QueryError(.invalidQuery, "aggregates cannot be nested (\(call.name.uppercased()) inside another)", location: call.location)
                    } else if call.arguments.count != 1 {
                        failure = QueryError(.invalidQuery, "\(call.name.uppercased()) takes exactly one argument", location: call.location)
                    }
                } else if let definition = FunctionLibrary.definition(named: call.name) {
                    if !definition.arity.contains(call.arguments.count) {
                        let arity = definition.arity
                        let expected = arity.count == 1 ? "\(arity.lowerBound)"
                            : arity.upperBound == .max ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
                        failure = QueryError(.invalidQuery, "\(definition.name) takes \(expected) arguments, got \(call.arguments.count)", location: call.location)
                    }
                } else {
                    failure = QueryError(.unsupported, "unknown function \(call.name)", location: call.location)
                }
            case .exists(let subquery), .arraySubquery(let subquery), .scalarSubquery(let subquery):
                do throws(QueryError) {
                    _ = try QueryCompiler.compile(subquery, parameters: parameters, outerNames: names)
                } catch {
                    failure = error
                }
                return false
            default:
                break
            }
            return failure == nil
        }
        if let failure { throw failure }
    }

    // MARK: Rewriting

    /// Replaces each aggregate call by a slot parameter and records it.
    private static func extractAggregates(
        _ expression: Expression,
        into aggregates: inout [CompiledQuery.Aggregate]
    ) throws(QueryError) -> Expression {
        try ExpressionWalker.rewrite(expression) { node in
            guard case .call(let call) = node, !call.isUserDefined, let kind = AggregateKind(name: call.name),
                let argument = call.arguments.first
            else { return nil }
            let slot = "@\u{0}aggregate\(aggregates.count)"
            aggregates.append(CompiledQuery.Aggregate(kind: kind, argument: argument, slot: slot))
            return .parameter(slot)
        }
    }

    /// Replaces grouped expressions by slot parameters and checks that nothing else reads the rows.
    private static func substituteGroups(
        _ projection: CompiledQuery.Projection,
        groupBy: [Expression]
    ) throws(QueryError) -> CompiledQuery.Projection {
        func substitute(_ expression: Expression) throws(QueryError) -> Expression {
            let rewritten = try ExpressionWalker.rewrite(expression) { node in
                groupBy.firstIndex(of: node).map { .parameter("@\u{0}group\($0)") }
            }
            var ungrouped: Expression?
            ExpressionWalker.visit(rewritten) { node, _ in
                if case .identifier = node, ungrouped == nil { ungrouped = node }
                if case .exists = node { return false }
                if case .arraySubquery = node { return false }
                if case .scalarSubquery = node { return false }
                return ungrouped == nil
            }
            if ungrouped != nil {
                let text = SQLPrinter.format(expression)
                throw QueryError(
                    .invalidQuery,
                    groupBy.isEmpty
                        ? "'\(text)' mixes values of single rows with aggregates; use only aggregates (or add GROUP BY)"
                        : "'\(text)' must be a GROUP BY expression, an aggregate or a constant"
                )
            }
            return rewritten
        }
        switch projection {
        case .star:
            return .star
        case .value(let expression):
            return .value(try substitute(expression))
        case .object(let items):
            var rewritten: [(name: String, expression: Expression)] = []
            for item in items {
                rewritten.append((item.name, try substitute(item.expression)))
            }
            return .object(rewritten)
        }
    }

    /// `c.a.b` -> "b", `c["x"]` -> "x", `c` -> "c"; `nil` for computed values (which get `$1`, `$2`, ...).
    static func inferredName(of expression: Expression) -> String? {
        switch expression {
        case .identifier(let name): name
        case .property(_, let name): name
        case .index(_, .literal(.string(let name))): name
        default: nil
        }
    }

    /// The identifier a path starts from (`c` for `c.a[0].b`).
    static func rootIdentifier(of expression: Expression) -> String? {
        switch expression {
        case .identifier(let name): name
        case .property(let base, _), .index(let base, _): self.rootIdentifier(of: base)
        default: nil
        }
    }
}
