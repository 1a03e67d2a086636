/// A scalar expression.
///
/// Parentheses leave no trace: `(a + b)` is just `.binary(.add, a, b)`. Property access with a string literal,
/// `c["a b"]`, is `.property` like `c.a`; every other bracket access (`c[0]`, `c[@p]`, `c[x.y]`) is `.index`.
/// Foundation also declares a generic type named `Expression`, so in files importing both modules the bare name is
/// ambiguous: write `SQLExpression` (an alias of this type) or `CosmosSQL.Expression` there.
public indirect enum Expression: Sendable, Hashable {
    case literal(Literal)
    /// Name including the leading `@`.
    case parameter(String)
    /// A bare name: a FROM/JOIN alias or a select-list alias.
    case identifier(String)
    /// `base.name` or `base["name"]`.
    case property(Expression, String)
    /// `base[index]` for any index other than a string literal.
    case index(Expression, Expression)
    /// `[a, b]`
    case array([Expression])
    /// `{"a": 1, b: c.x}`; keys keep source order and may repeat (the evaluator decides what repeats mean).
    case object([ObjectMember])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// `x [NOT] BETWEEN lower AND upper`
    case between(Expression, lower: Expression, upper: Expression, negated: Bool)
    /// `x [NOT] IN (a, b, ...)`; the list is never empty.
    case inList(Expression, [Expression], negated: Bool)
    /// `x [NOT] LIKE pattern [ESCAPE e]`; `escape` is a string literal or a parameter.
    case like(Expression, pattern: Expression, escape: Expression?, negated: Bool)
    /// `condition ? then : else`
    case conditional(Expression, then: Expression, else: Expression)
    case call(FunctionCall)
    /// `EXISTS(SELECT ...)`
    case exists(SelectQuery)
    /// `ARRAY(SELECT ...)`
    case arraySubquery(SelectQuery)
    /// `(SELECT ...)` used as a value.
    case scalarSubquery(SelectQuery)
}

/// Unambiguous name for `Expression` in files that also import Foundation, which has its own `Expression` type.
public typealias SQLExpression = Expression
