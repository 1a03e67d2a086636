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

extension Literal {
    /// Synthesised equality, except that strings compare by code point: the query language compares strings
    /// ordinally, and Swift's `String ==` would make 'é' and 'e\u{301}' (or 'K' and the Kelvin sign) the same
    /// literal, so that caches and rewrites keyed by expressions would mix them up.
    public static func == (lhs: Literal, rhs: Literal) -> Bool {
        switch (lhs, rhs) {
        case (.undefined, .undefined), (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .undefined: hasher.combine(0 as UInt8)
        case .null: hasher.combine(1 as UInt8)
        case .bool(let value):
            hasher.combine(2 as UInt8)
            hasher.combine(value)
        case .integer(let value):
            hasher.combine(3 as UInt8)
            hasher.combine(value)
        case .number(let value):
            hasher.combine(4 as UInt8)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(5 as UInt8)
            hasher.combine(value.utf8.count)
            for byte in value.utf8 { hasher.combine(byte) }
        }
    }
}
