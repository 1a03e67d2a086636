import JSON
import QueryFunctions
import Testing

@Suite struct MathFunctionsTests {
    @Test func documentedExamples() throws {
        // ABS page: ABS(-1) 1, ABS(0) 0, ABS(1) 1.
        #expect(try call("ABS", -1) == .integer(1))
        #expect(try call("ABS", 0) == .integer(0))
        #expect(try call("ABS", 1) == .integer(1))
        // ROUND page: 2.4 -> 2, 2.6 -> 3, 2.5 -> 3, -2.4 -> -2, -2.6 -> -3, and midpoints away from zero.
        #expect(try call("ROUND", 2.4) == .integer(2))
        #expect(try call("ROUND", 2.6) == .integer(3))
        #expect(try call("ROUND", 2.5) == .integer(3))
        #expect(try call("ROUND", -2.4) == .integer(-2))
        #expect(try call("ROUND", -2.6) == .integer(-3))
        #expect(try call("ROUND", -6.5) == .integer(-7))
        #expect(try call("ROUND", -0.5) == .integer(-1))
        #expect(try call("ROUND", 0.5) == .integer(1))
        // LOG page: LOG(5) 1.6094379124341003, LOG(2, 10) 0.3010299956639812.
        #expect(try call("LOG", 5) == .double(1.6094379124341003))
        #expect(try call("LOG", 2, 10) == .double(0.3010299956639812))
        // ATN2 page: ATN2(35.175643, 129.44) 0.265344532064832.
        #expect(try call("ATN2", 35.175643, 129.44) == .double(0.265344532064832))
        // POWER page: 1^1 1, 2^2 4, 3^3 27, 4^4 256, 5^5 3125, 0^2 0, null arguments undefined.
        #expect(try call("POWER", 1, 1) == 1)
        #expect(try call("POWER", 2, 2) == 4)
        #expect(try call("POWER", 3, 3) == 27)
        #expect(try call("POWER", 4, 4) == 256)
        #expect(try call("POWER", 5, 5) == 3125)
        #expect(try call("POWER", 0, 2) == 0)
        #expect(try call("POWER", .null, 3) == nil)
        #expect(try call("POWER", 2, .null) == nil)
        // CEILING page query: CEILING(123.45), CEILING(-45.72), CEILING(0).
        #expect(try call("CEILING", 123.45) == 124)
        #expect(try call("CEILING", -45.72) == -45)
        #expect(try call("CEILING", 0) == 0)
        // NumberBin page: (37.752, -100) 100, 10 -> 30, 1 -> 37, 0 -> undefined, 0.1 -> 37.7, 0.01 -> 37.75.
        #expect(try call("NumberBin", 37.752, -100) == 100)
        #expect(try call("NumberBin", 37.752, 10) == 30)
        #expect(try call("NumberBin", 37.752, 1) == 37)
        #expect(try call("NumberBin", 37.752, 0) == nil)
        #expect(try call("NumberBin", 37.752, 0.1) == .double(37.7))
        #expect(try call("NumberBin", 37.752, 0.01) == .double(37.75))
        #expect(try call("NumberBin", -2.5) == -3)
    }

    @Test func integerFunctionsMatchTheDocumentedExamples() throws {
        // IntDiv page: 10/2 5, 10/-2 -5, -10/-2 5, 10/10 1, 10/0 undefined, 10/0.1 undefined.
        #expect(try call("IntDiv", 10, 2) == 5)
        #expect(try call("IntDiv", 10, -2) == -5)
        #expect(try call("IntDiv", -10, -2) == 5)
        #expect(try call("IntDiv", 10, 10) == 1)
        #expect(try call("IntDiv", 10, 0) == nil)
        #expect(try call("IntDiv", 10, 0.1) == nil)
        // IntMod page query: (12, 5), (12, -5), (-12, -5), (15, 5), (12, 0), (12, 0.2); C++ remainder semantics.
        #expect(try call("IntMod", 12, 5) == 2)
        #expect(try call("IntMod", 12, -5) == 2)
        #expect(try call("IntMod", -12, -5) == -2)
        #expect(try call("IntMod", 15, 5) == 0)
        #expect(try call("IntMod", 12, 0) == nil)
        #expect(try call("IntMod", 12, 0.2) == nil)
        // IntBitLeftShift page: IntBitLeftShift(16, 4) 256, a fractional shift undefined.
        #expect(try call("IntBitLeftShift", 16, 4) == 256)
        #expect(try call("IntBitLeftShift", 16, 0.4) == nil)
        #expect(try call("IntBitRightShift", -16, 2) == -4)
        #expect(try call("IntBitRightShift", 1, 64) == 0)
        #expect(try call("IntBitAnd", 12, 10) == 8)
        #expect(try call("IntBitOr", 12, 10) == 14)
        #expect(try call("IntBitXor", 12, 10) == 6)
        #expect(try call("IntBitNot", 0) == -1)
        #expect(try call("IntAdd", .integer(.max), 1) == .integer(.min))
        #expect(try call("IntSub", .integer(.min), 1) == .integer(.max))
        #expect(try call("IntMul", 3, 4.0) == 12)
        #expect(try call("IntDiv", .integer(.min), -1) == .integer(.min))
        #expect(try call("IntMod", .integer(.min), -1) == 0)
    }

    @Test func nonFiniteResultsAreUndefined() throws {
        #expect(try call("LOG", 0) == nil)
        #expect(try call("LOG", -1) == nil)
        #expect(try call("LOG10", 0) == nil)
        #expect(try call("SQRT", -1) == nil)
        #expect(try call("ACOS", 2) == nil)
        #expect(try call("ASIN", -2) == nil)
        #expect(try call("EXP", 1000) == nil)
        #expect(try call("POWER", 10, 400) == nil)
        #expect(try call("COT", 0) == nil)
        #expect(try call("ABS", .double(.nan)) == nil)
        #expect(try call("SIGN", .double(.nan)) == nil)
        #expect(try call("SQUARE", 1e200) == nil)
    }

    @Test func exactIntegerArithmetic() throws {
        #expect(try call("ABS", .integer(-9_007_199_254_740_993)) == .integer(9_007_199_254_740_993))
        #expect(try call("ABS", .integer(.min)) == .double(9.223372036854775808e18))
        #expect(try call("SQUARE", 3_000_000_000) == .integer(9_000_000_000_000_000_000))
        #expect(try call("SQUARE", 4_000_000_000) == .double(1.6e19))
        #expect(try call("SQUARE", 1.5) == .double(2.25))
        #expect(try call("FLOOR", -1.5) == -2)
        #expect(try call("TRUNC", -1.5) == -1)
        #expect(try call("SIGN", -0.1) == -1)
        #expect(try call("SIGN", 0) == 0)
        #expect(try call("SIGN", 42) == 1)
        #expect(try call("FLOOR", 1e300) == .double(1e300))
    }

    @Test func trigonometryAndConstants() throws {
        let pi = try #require(number(try call("PI")))
        #expect(pi == Double.pi)
        #expect(number(try call("DEGREES", .double(pi))) == 180)
        #expect(number(try call("RADIANS", 180)) == Double.pi)
        #expect(number(try call("SIN", 0)) == 0)
        #expect(number(try call("COS", 0)) == 1)
        #expect(abs((number(try call("TAN", .double(pi / 4))) ?? 0) - 1) < 1e-12)
        #expect(abs((number(try call("COT", .double(pi / 4))) ?? 0) - 1) < 1e-12)
        #expect(abs((number(try call("ATAN", 1)) ?? 0) - pi / 4) < 1e-15)
        #expect(number(try call("EXP", 0)) == 1)
        #expect(number(try call("LOG10", 1000)) == 3)
        #expect(number(try call("SQRT", 16)) == 4)
        for _ in 0..<100 {
            let random = try #require(number(try call("RAND")))
            #expect(random >= 0 && random < 1)
        }
    }

    @Test func wrongTypesAreUndefined() throws {
        for name in ["ABS", "CEILING", "FLOOR", "ROUND", "TRUNC", "SIGN", "SQUARE", "SQRT", "SIN", "LOG", "LOG10", "EXP", "DEGREES"] {
            #expect(try call(name, "1") == nil, "\(name)(\"1\")")
            #expect(try call(name, .null) == nil, "\(name)(null)")
            #expect(try call(name, [1]) == nil, "\(name)([1])")
        }
        #expect(try call("IntAdd", "1", 1) == nil)
        #expect(try call("POWER", true, 1) == nil)
    }
}
