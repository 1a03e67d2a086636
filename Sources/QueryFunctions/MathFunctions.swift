#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import JSON

/// The mathematical functions.
///
/// Arguments must be numbers (else undefined). A result that is not finite (NaN or ±infinity, e.g. `LOG(0)`,
/// `SQRT(-1)`) is undefined. Integral results within ±2^53 come back as exact integers, and functions that keep
/// integers integral (ABS, SIGN, CEILING, FLOOR, ROUND, TRUNC, SQUARE) compute exactly on 64-bit integers while they
/// can. The `Int*` functions take 64-bit integers (a non-integral number gives undefined) and wrap around on overflow
/// as C++ does; division or remainder by zero is undefined.
enum MathFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition(name: "ABS", arity: 1...1) { arguments, _ in
            integral(arguments, exact: { $0 == .min ? nil : abs($0) }, approximate: { abs($0) })
        },
        FunctionDefinition(name: "CEILING", arity: 1...1) { arguments, _ in
            integral(arguments, exact: { $0 }, approximate: { $0.rounded(.up) })
        },
        FunctionDefinition(name: "FLOOR", arity: 1...1) { arguments, _ in
            integral(arguments, exact: { $0 }, approximate: { $0.rounded(.down) })
        },
        // Rounds half away from zero (`ROUND(-0.5)` is -1), as documented.
        FunctionDefinition(name: "ROUND", arity: 1...1) { arguments, _ in
            integral(arguments, exact: { $0 }, approximate: { $0.rounded(.toNearestOrAwayFromZero) })
        },
        FunctionDefinition(name: "TRUNC", arity: 1...1) { arguments, _ in
            integral(arguments, exact: { $0 }, approximate: { $0.rounded(.towardZero) })
        },
        FunctionDefinition(name: "SIGN", arity: 1...1) { arguments, _ in
            guard let value = arguments.number(0), !value.isNaN else { return nil }
            return .integer(value > 0 ? 1 : (value < 0 ? -1 : 0))
        },
        FunctionDefinition(name: "SQUARE", arity: 1...1) { arguments, _ in
            integral(arguments, exact: { value in
                let (square, overflow) = value.multipliedReportingOverflow(by: value)
                return overflow ? nil : square
            }, approximate: { $0 * $0 })
        },
        unary("ACOS", acos),
        unary("ASIN", asin),
        unary("ATAN", atan),
        unary("COS", cos),
        unary("COT") { 1 / tan($0) },
        unary("DEGREES") { $0 * 180 / .pi },
        unary("EXP", exp),
        unary("LOG10", log10),
        unary("RADIANS") { $0 * .pi / 180 },
        unary("SIN", sin),
        unary("SQRT") { $0.squareRoot() },
        unary("TAN", tan),
        // `ATN2(y, x)`: the angle of the point (x, y); the ATN2 page's `ATN2(35.175643, 129.44)` is 0.265344532064832.
        binary("ATN2") { atan2($0, $1) },
        binary("POWER") { pow($0, $1) },
        // `LOG(x)` is the natural logarithm; `LOG(x, base)` is computed as log10(x) / log10(base), which gives the
        // documented `LOG(2, 10)` = 0.3010299956639812 exactly.
        FunctionDefinition(name: "LOG", arity: 1...2) { arguments, _ in
            guard let value = arguments.number(0) else { return nil }
            guard arguments.count > 1 else { return FunctionResult.number(log(value)) }
            guard let base = arguments.number(1) else { return nil }
            return FunctionResult.number(log10(value) / log10(base))
        },
        // `NumberBin(x, size = 1)`: `x` rounded down to a multiple of `size` (`floor(x / size) * size`); a size of 0
        // is undefined. For a fractional size whose reciprocal is a whole number the product is computed as a quotient,
        // which keeps results such as 37.7 and 37.75 free of binary noise.
        FunctionDefinition(name: "NumberBin", arity: 1...2) { arguments, _ in
            guard let value = arguments.number(0) else { return nil }
            var size = 1.0
            if arguments.count > 1 {
                guard let given = arguments.number(1) else { return nil }
                size = given
            }
            guard size != 0, size.isFinite, value.isFinite else { return nil }
            let bins = (value / size).rounded(.down)
            let reciprocal = 1 / size
            if abs(size) < 1, reciprocal == reciprocal.rounded() {
                return FunctionResult.number(bins / reciprocal)
            }
            return FunctionResult.number(bins * size)
        },
        FunctionDefinition(name: "PI", arity: 0...0) { _, _ in .double(.pi) },
        FunctionDefinition(name: "RAND", arity: 0...0, isDeterministic: false) { _, _ in .double(Double.random(in: 0..<1)) },
        integerBinary("IntAdd") { $0 &+ $1 },
        integerBinary("IntSub") { $0 &- $1 },
        integerBinary("IntMul") { $0 &* $1 },
        integerBinary("IntDiv") { $1 == 0 ? nil : $0.dividedReportingOverflow(by: $1).partialValue },
        integerBinary("IntMod") { $1 == 0 ? nil : $0.remainderReportingOverflow(dividingBy: $1).partialValue },
        integerBinary("IntBitAnd") { $0 & $1 },
        integerBinary("IntBitOr") { $0 | $1 },
        integerBinary("IntBitXor") { $0 ^ $1 },
        // Shifts use Swift's smart-shift rules, since C++ leaves out-of-range counts undefined: a count of 64 or more
        // shifts every bit out, and a negative count shifts the other way.
        integerBinary("IntBitLeftShift") { $0 << $1 },
        integerBinary("IntBitRightShift") { $0 >> $1 },
        FunctionDefinition(name: "IntBitNot", arity: 1...1) { arguments, _ in
            arguments.exactInteger(0).map { .integer(~$0) }
        },
    ]

    /// A one-number function of doubles.
    private static func unary(_ name: String, _ body: @escaping @Sendable (Double) -> Double) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 1...1) { arguments, _ in
            arguments.number(0).flatMap { FunctionResult.number(body($0)) }
        }
    }

    /// A two-number function of doubles.
    private static func binary(_ name: String, _ body: @escaping @Sendable (Double, Double) -> Double) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 2...2) { arguments, _ in
            guard let first = arguments.number(0), let second = arguments.number(1) else { return nil }
            return FunctionResult.number(body(first, second))
        }
    }

    /// A function that maps an integer to an integer exactly (`exact`, `nil` on overflow) and a double with `approximate`.
    private static func integral(
        _ arguments: [JSONValue?], exact: (Int64) -> Int64?, approximate: (Double) -> Double
    ) -> JSONValue? {
        switch arguments.value(0) {
        case .integer(let integer)?:
            if let result = exact(integer) { return .integer(result) }
            return FunctionResult.number(approximate(Double(integer)))
        case .double(let double)?:
            return FunctionResult.number(approximate(double))
        default:
            return nil
        }
    }

    /// A two-integer function; undefined when either argument is not a 64-bit integer or the body declines.
    private static func integerBinary(_ name: String, _ body: @escaping @Sendable (Int64, Int64) -> Int64?) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 2...2) { arguments, _ in
            guard let first = arguments.exactInteger(0), let second = arguments.exactInteger(1) else { return nil }
            return body(first, second).map(JSONValue.integer)
        }
    }
}
