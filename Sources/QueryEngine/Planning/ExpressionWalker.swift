import CosmosSQL

/// Generic traversal and rewriting of expression trees (subqueries are visited as nodes, not entered).
enum ExpressionWalker {
    /// Visits `expression` and its sub-expressions depth first. `body` answers whether to descend into the node's
    /// children; its second argument says whether the node is inside an aggregate call's arguments.
    static func visit(_ expression: Expression, inAggregate: Bool = false, _ body: (Expression, Bool) -> Bool) {
        guard body(expression, inAggregate) else { return }
        let childrenInAggregate: Bool
        if case .call(let call) = expression, !call.isUserDefined, AggregateKind(name: call.name) != nil {
            childrenInAggregate = true
        } else {
            childrenInAggregate = inAggregate
        }
        for child in self.children(of: expression) {
            self.visit(child, inAggregate: childrenInAggregate, body)
        }
    }

    /// Rebuilds `expression` top-down: where `transform` returns a replacement, that subtree is replaced (and not
    /// entered); elsewhere children are rewritten.
    static func rewrite(_ expression: Expression, _ transform: (Expression) throws(QueryError) -> Expression?) throws(QueryError) -> Expression {
        if let replacement = try transform(expression) { return replacement }
        func go(_ child: Expression) throws(QueryError) -> Expression { try self.rewrite(child, transform) }
        switch expression {
        case .literal, .parameter, .identifier, .exists, .arraySubquery, .scalarSubquery:
            return expression
        case .property(let base, let name):
            return .property(try go(base), name)
        case .index(let base, let index):
            return .index(try go(base), try go(index))
        case .array(let elements):
            var rewritten: [Expression] = []
            for element in elements { rewritten.append(try go(element)) }
            return .array(rewritten)
        case .object(let members):
            var rewritten: [ObjectMember] = []
            for member in members { rewritten.append(ObjectMember(key: member.key, value: try go(member.value))) }
            return .object(rewritten)
        case .unary(let operation, let operand):
            return .unary(operation, try go(operand))
        case .binary(let operation, let left, let right):
            return .binary(operation, try go(left), try go(right))
        case .between(let value, let lower, let upper, let negated):
            return .between(try go(value), lower: try go(lower), upper: try go(upper), negated: negated)
        case .inList(let value, let list, let negated):
            var rewritten: [Expression] = []
            for item in list { rewritten.append(try go(item)) }
            return .inList(try go(value), rewritten, negated: negated)
        case .like(let value, let pattern, let escape, let negated):
            return .like(try go(value), pattern: try go(pattern), escape: try escape.map { (e) throws(QueryError) in try go(e) }, negated: negated)
        case .conditional(let condition, let then, let otherwise):
            return .conditional(try go(condition), then: try go(then), else: try go(otherwise))
        case .call(var call):
            var arguments: [Expression] = []
            for argument in call.arguments { arguments.append(try go(argument)) }
            call.arguments = arguments
            return .call(call)
        }
    }

    static func children(of expression: Expression) -> [Expression] {
        switch expression {
        case .literal, .parameter, .identifier, .exists, .arraySubquery, .scalarSubquery: []
        case .property(let base, _): [base]
        case .index(let base, let index): [base, index]
        case .array(let elements): elements
        case .object(let members): members.map(\.value)
        case .unary(_, let operand): [operand]
        case .binary(_, let left, let right): [left, right]
        case .between(let value, let lower, let upper, _): [value, lower, upper]
        case .inList(let value, let list, _): [value] + list
        case .like(let value, let pattern, let escape, _): [value, pattern] + (escape.map { [$0] } ?? [])
        case .conditional(let condition, let then, let otherwise): [condition, then, otherwise]
        case .call(let call): call.arguments
        }
    }
}
