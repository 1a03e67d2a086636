/// Prefix operators.
public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
    /// `-x` (a minus directly before a number literal is folded into the literal instead).
    case negate = "-"
    /// `+x`
    case plus = "+"
    /// `NOT x`
    case not = "NOT"
    /// `~x`
    case bitwiseNot = "~"
}
