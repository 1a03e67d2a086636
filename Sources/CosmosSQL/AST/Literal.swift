/// A constant. Integers that fit in `Int64` stay exact; every other number (fractions, exponents, huge integers) is a `Double`.
public enum Literal: Sendable, Hashable {
    case undefined
    case null
    case bool(Bool)
    /// Integer literals without fraction or exponent, including `0x` hexadecimal; `-5` is folded into `.integer(-5)`.
    case integer(Int64)
    /// Always finite: literals that overflow a `Double` are syntax errors.
    case number(Double)
    case string(String)
}
