/// What a query projects.
public enum Selection: Sendable, Hashable {
    /// `SELECT *`: the single FROM alias's value, unchanged.
    case star
    /// `SELECT VALUE expr`: each result is the bare value rather than an object.
    case value(Expression)
    /// `SELECT a, b AS x`: each result is an object built from the items.
    case items([SelectItem])
}

/// One item of a select list. Without an alias the evaluator derives the output name (e.g. `c.city` gives `city`, otherwise `$1`).
public struct SelectItem: Sendable, Hashable {
    public var expression: Expression
    public var alias: String?

    public init(expression: Expression, alias: String? = nil) {
        self.expression = expression
        self.alias = alias
    }
}
