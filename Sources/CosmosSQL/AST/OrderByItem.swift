/// One sort key of ORDER BY; ASC is the default and is not recorded separately.
public struct OrderByItem: Sendable, Hashable {
    public var expression: Expression
    public var isDescending: Bool

    public init(expression: Expression, isDescending: Bool = false) {
        self.expression = expression
        self.isDescending = isDescending
    }
}
