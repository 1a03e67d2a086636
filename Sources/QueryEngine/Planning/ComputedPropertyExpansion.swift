import CosmosSQL
import DocumentStore
import JSON
import QueryFunctions

/// A container's computed properties, checked and ready to be substituted into the queries that name them.
///
/// A reference to `c.cp_name` (or `c["cp_name"]`), where `c` is bound to the whole document, becomes the property's
/// expression over that document, so WHERE, ORDER BY, GROUP BY and projections all see the computed value, and a
/// stored property of the same name is hidden from them, as on the service. `SELECT *` and `SELECT c` return the
/// document as stored, without computed properties. A projected `c.cp_name` keeps its name.
struct ComputedPropertyExpansion {
    /// Each property's expression, written over `alias`, the name its query's FROM clause gave the document.
    private let expressions: [String: (alias: String, expression: Expression)]

    var isEmpty: Bool { self.expressions.isEmpty }

    /// Parses and checks each property's query against the service's rules: `SELECT VALUE <expression> FROM <alias>`
    /// over the container root, with no other clause, no subquery, and only deterministic, non-aggregate, non-spatial
    /// built-in functions of the document's own values.
    init(_ properties: [ComputedProperty]) throws(QueryError) {
        var expressions: [String: (alias: String, expression: Expression)] = [:]
        for property in properties {
            expressions[property.name] = try Self.compile(property)
        }
        self.expressions = expressions
    }

    private static func compile(_ property: ComputedProperty) throws(QueryError) -> (alias: String, expression: Expression) {
        func failure(_ reason: String) -> QueryError {
            QueryError(.invalidQuery, "computed property '\(property.name)': \(reason) (its query: \(property.query))")
        }
        let query: SelectQuery
        do {
            query = try ParsedQueryCache.shared.query(parsing: property.query)
        } catch {
            throw failure("the query has a syntax error: \(error.description)")
        }
        guard case .value(let expression) = query.selection else {
            throw failure("the query must be SELECT VALUE <expression> FROM c")
        }
        guard let from = query.from, case .container = from.source, !from.iterates else {
            throw failure("the query must read the whole document, like FROM c")
        }
        guard query.joins.isEmpty, query.filter == nil, query.groupBy.isEmpty, query.orderBy.isEmpty, query.top == nil,
            !query.isDistinct, query.offset == nil
        else {
            throw failure("the query cannot have JOIN, WHERE, GROUP BY, ORDER BY, TOP, DISTINCT or OFFSET LIMIT")
        }
        var refused: QueryError?
        ExpressionWalker.visit(expression) { node, _ in
            switch node {
            case .exists, .arraySubquery, .scalarSubquery:
                refused = failure("the query cannot have subqueries")
            case .call(let call) where !call.isUserDefined:
                let name = call.name.uppercased()
                if AggregateKind(name: name) != nil {
                    refused = failure("aggregates such as \(name) cannot compute a property")
                } else if FunctionLibrary.definition(named: name)?.isDeterministic == false {
                    refused = failure("\(name) is not deterministic")
                } else if name.hasPrefix("ST_") {
                    refused = failure("spatial functions such as \(name) cannot compute a property")
                }
            default:
                break
            }
            return refused == nil
        }
        if let refused { throw refused }
        do {
            try QueryCompiler.validate(expression, names: [from.alias], parameters: [:], aggregatesAllowed: false)
        } catch {
            throw failure(error.description)
        }
        return (from.alias, expression)
    }

    // MARK: Substitution

    /// `query` with every reference to a computed property of the document replaced by its expression.
    func apply(to query: SelectQuery) throws(QueryError) -> SelectQuery {
        self.isEmpty ? query : try self.rewrite(query, documentNames: [], isOutermost: true)
    }

    /// Rewrites one query level. `documentNames` are the aliases of outer levels that are bound to the whole
    /// document; at the outermost level, `FROM c` binds `c` to it (and `FROM x IN c.tags` names it `c` in its path).
    private func rewrite(_ query: SelectQuery, documentNames outer: Set<String>, isOutermost: Bool) throws(QueryError) -> SelectQuery {
        var query = query
        var names = outer
        if var from = query.from {
            switch from.source {
            case .container:
                names = isOutermost && !from.iterates ? [from.alias] : outer.subtracting([from.alias])
            case .path(let path):
                // A FROM path must stay a path; JOIN takes any expression.
                let pathNames = isOutermost ? Set(QueryCompiler.rootIdentifier(of: path).map { [$0] } ?? []) : outer
                var computed: String?
                ExpressionWalker.visit(path) { node, _ in
                    computed = computed ?? self.referencedProperty(node, documentNames: pathNames)
                    return computed == nil
                }
                if let computed {
                    throw QueryError(
                        .unsupported,
                        "the computed property '\(computed)' cannot be a FROM path; iterate it with FROM c JOIN x IN c.\(computed)"
                    )
                }
                names = isOutermost ? [] : outer.subtracting([from.alias])
            case .subquery(let subquery):
                from.source = .subquery(try self.rewrite(subquery, documentNames: outer, isOutermost: isOutermost))
                names = outer.subtracting([from.alias])
            }
            query.from = from
        }
        for index in query.joins.indices {
            switch query.joins[index].source {
            case .container:
                break
            case .path(let path):
                query.joins[index].source = .path(try self.substitute(path, documentNames: names))
            case .subquery(let subquery):
                query.joins[index].source = .subquery(try self.rewrite(subquery, documentNames: names, isOutermost: false))
            }
            names.remove(query.joins[index].alias)
        }
        guard !names.isEmpty else { return query }
        func substitute(_ expression: Expression) throws(QueryError) -> Expression {
            try self.substitute(expression, documentNames: names)
        }
        query.filter = try query.filter.map(substitute)
        query.groupBy = try query.groupBy.map(substitute)
        for index in query.orderBy.indices {
            query.orderBy[index].expression = try substitute(query.orderBy[index].expression)
        }
        switch query.selection {
        case .star:
            break
        case .value(let expression):
            query.selection = .value(try substitute(expression))
        case .items(var items):
            for index in items.indices {
                if items[index].alias == nil, let name = self.referencedProperty(items[index].expression, documentNames: names) {
                    items[index].alias = name
                }
                items[index].expression = try substitute(items[index].expression)
            }
            query.selection = .items(items)
        }
        return query
    }

    /// The computed property `expression` names directly (`c.cp` with `c` in `documentNames`), if any.
    private func referencedProperty(_ expression: Expression, documentNames: Set<String>) -> String? {
        guard case .property(.identifier(let base), let name) = expression, documentNames.contains(base),
            self.expressions[name] != nil
        else { return nil }
        return name
    }

    private func substitute(_ expression: Expression, documentNames: Set<String>) throws(QueryError) -> Expression {
        guard !documentNames.isEmpty else { return expression }
        return try ExpressionWalker.rewrite(expression) { (node) throws(QueryError) -> Expression? in
            switch node {
            case .property(.identifier(let base), let name) where documentNames.contains(base):
                guard let computed = self.expressions[name] else { return nil }
                return try ExpressionWalker.rewrite(computed.expression) { inner in
                    inner == .identifier(computed.alias) ? .identifier(base) : nil
                }
            case .exists(let subquery):
                return .exists(try self.rewrite(subquery, documentNames: documentNames, isOutermost: false))
            case .arraySubquery(let subquery):
                return .arraySubquery(try self.rewrite(subquery, documentNames: documentNames, isOutermost: false))
            case .scalarSubquery(let subquery):
                return .scalarSubquery(try self.rewrite(subquery, documentNames: documentNames, isOutermost: false))
            default:
                return nil
            }
        }
    }
}
