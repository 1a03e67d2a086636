import Testing
@testable import CosmosSQL

/// Exact AST shapes for operator precedence and associativity; see `Precedence` for the table and its sources.
@Suite("Operator precedence")
struct PrecedenceTests {
    let a = id("a"), b = id("b"), c = id("c"), d = id("d"), e = id("e")

    @Test("ternary is the weakest operator")
    func ternaryIsWeakest() throws {
        let cA = prop(id("c"), "a")
        #expect(try expression("c.a > 0 ? 1 : undefined") == .conditional(bin(.greater, cA, int(0)), then: int(1), else: .literal(.undefined)))
        #expect(try expression("a OR b ? c : d") == .conditional(bin(.or, a, b), then: c, else: d))
        #expect(try expression("a ? b : c OR d") == .conditional(a, then: b, else: bin(.or, c, d)))
        let count = try SQLParser.parse("SELECT COUNT(c.a > 0 ? 1 : undefined) FROM c")
        let call = FunctionCall(name: "COUNT", arguments: [.conditional(bin(.greater, cA, int(0)), then: int(1), else: .literal(.undefined))])
        #expect(count.selection == .items([SelectItem(expression: .call(call))]))
    }

    @Test("nested ternaries associate to the right")
    func nestedTernaries() throws {
        #expect(try expression("a ? b : c ? d : e") == .conditional(a, then: b, else: .conditional(c, then: d, else: e)))
        #expect(try expression("a ? b ? c : d : e") == .conditional(a, then: .conditional(b, then: c, else: d), else: e))
    }

    @Test("?? binds tighter than ?: and looser than OR, left to right")
    func coalesce() throws {
        #expect(try expression("a ?? b ? c : d") == .conditional(bin(.coalesce, a, b), then: c, else: d))
        #expect(try expression("a ? b : c ?? d") == .conditional(a, then: b, else: bin(.coalesce, c, d)))
        #expect(try expression("a OR b ?? c") == bin(.coalesce, bin(.or, a, b), c))
        #expect(try expression("a ?? b ?? c") == bin(.coalesce, bin(.coalesce, a, b), c))
        #expect(try expression("a ?? b = c") == bin(.coalesce, a, bin(.equal, b, c)))
    }

    @Test("AND binds tighter than OR")
    func andOr() throws {
        #expect(try expression("a OR b AND c") == bin(.or, a, bin(.and, b, c)))
        #expect(try expression("a AND b OR c AND d") == bin(.or, bin(.and, a, b), bin(.and, c, d)))
        #expect(try expression("a AND b AND c") == bin(.and, bin(.and, a, b), c))
    }

    @Test("logical NOT sits between AND and the comparisons")
    func logicalNot() throws {
        #expect(try expression("NOT a = b") == not(bin(.equal, a, b)))
        #expect(try expression("NOT a AND b") == bin(.and, not(a), b))
        #expect(try expression("a AND NOT b OR c") == bin(.or, bin(.and, a, not(b)), c))
        #expect(try expression("NOT NOT a = b") == not(not(bin(.equal, a, b))))
        #expect(try expression("NOT a IN (1)") == not(.inList(a, [int(1)], negated: false)))
        #expect(try expression("NOT a BETWEEN 1 AND 2 AND b") == bin(.and, not(.between(a, lower: int(1), upper: int(2), negated: false)), b))
        #expect(try expression("a ?? NOT b") == bin(.coalesce, a, not(b)))
    }

    @Test("NOT after a comparison or arithmetic operator binds like unary minus")
    func unaryNot() throws {
        #expect(try expression("a = NOT b") == bin(.equal, a, not(b)))
        #expect(try expression("a = NOT b AND c") == bin(.and, bin(.equal, a, not(b)), c))
        #expect(try expression("-NOT a") == .unary(.negate, not(a)))
        #expect(try expression("a + NOT b * c") == bin(.add, a, bin(.multiply, not(b), c)))
    }

    @Test("BETWEEN bounds bind tighter than AND, so BETWEEN works inside AND chains")
    func betweenInAndChains() throws {
        let between = CosmosSQL.Expression.between(a, lower: int(1), upper: int(2), negated: false)
        #expect(try expression("a BETWEEN 1 AND 2 AND b") == bin(.and, between, b))
        #expect(try expression("b AND a BETWEEN 1 AND 2") == bin(.and, b, between))
        #expect(try expression("b AND a BETWEEN 1 AND 2 AND c") == bin(.and, bin(.and, b, between), c))
        #expect(try expression("a BETWEEN 1 AND 2 OR b") == bin(.or, between, b))
        #expect(try expression("a NOT BETWEEN b + 1 AND c || d") == .between(
            a, lower: bin(.add, b, int(1)), upper: bin(.concat, c, d), negated: true
        ))
        #expect(try expression("a + 1 BETWEEN b AND c") == .between(bin(.add, a, int(1)), lower: b, upper: c, negated: false))
        #expect(try expression("a BETWEEN 1 AND 2 ? b : c") == .conditional(between, then: b, else: c))
    }

    @Test("IN and LIKE take whole arithmetic and comparison operands")
    func inAndLike() throws {
        #expect(try expression("a + 1 IN (1, b)") == .inList(bin(.add, a, int(1)), [int(1), b], negated: false))
        #expect(try expression("a = b IN (true)") == .inList(bin(.equal, a, b), [.literal(.bool(true))], negated: false))
        #expect(try expression("a NOT IN (1) AND b") == bin(.and, .inList(a, [int(1)], negated: true), b))
        #expect(try expression("a || 'x' LIKE b || '%' ESCAPE '!'") == .like(
            bin(.concat, a, str("x")), pattern: bin(.concat, b, str("%")), escape: str("!"), negated: false
        ))
        #expect(try expression("a NOT LIKE 'x' OR b") == bin(.or, .like(a, pattern: str("x"), escape: nil, negated: true), b))
    }

    @Test("|| is the weakest binary operator, below the comparisons (as in the .NET SDK grammar)")
    func concat() throws {
        #expect(try expression("'a' || 'b' = 'ab'") == bin(.concat, str("a"), bin(.equal, str("b"), str("ab"))))
        #expect(try expression("a + b || c") == bin(.concat, bin(.add, a, b), c))
        #expect(try expression("a || b | c") == bin(.concat, a, bin(.bitwiseOr, b, c)))
        #expect(try expression("a || b || c") == bin(.concat, bin(.concat, a, b), c))
        #expect(try expression("a || b AND c") == bin(.and, bin(.concat, a, b), c))
    }

    @Test("bitwise operators: & over ^ over |, all looser than comparisons")
    func bitwise() throws {
        #expect(try expression("a | b ^ c & d") == bin(.bitwiseOr, a, bin(.bitwiseXor, b, bin(.bitwiseAnd, c, d))))
        #expect(try expression("a & b = c") == bin(.bitwiseAnd, a, bin(.equal, b, c)))
        #expect(try expression("a = b & c != d") == bin(.bitwiseAnd, bin(.equal, a, b), bin(.notEqual, c, d)))
        #expect(try expression("~a & b") == bin(.bitwiseAnd, .unary(.bitwiseNot, a), b))
    }

    @Test("equality is looser than relational, which is looser than shifts")
    func comparisons() throws {
        #expect(try expression("a < b = c > d") == bin(.equal, bin(.less, a, b), bin(.greater, c, d)))
        #expect(try expression("a <> b") == bin(.notEqual, a, b))
        #expect(try expression("a = b != c") == bin(.notEqual, bin(.equal, a, b), c))
        #expect(try expression("a <= b >= c") == bin(.greaterOrEqual, bin(.lessOrEqual, a, b), c))
        #expect(try expression("a << 1 < b >> 2") == bin(.less, bin(.leftShift, a, int(1)), bin(.rightShift, b, int(2))))
        #expect(try expression("a >>> b + 1") == bin(.zeroFillRightShift, a, bin(.add, b, int(1))))
        #expect(try expression("a << b >> c >>> d") == bin(.zeroFillRightShift, bin(.rightShift, bin(.leftShift, a, b), c), d))
    }

    @Test("arithmetic: multiplicative over additive, left to right")
    func arithmetic() throws {
        #expect(try expression("a + b * c") == bin(.add, a, bin(.multiply, b, c)))
        #expect(try expression("a - b - c") == bin(.subtract, bin(.subtract, a, b), c))
        #expect(try expression("a / b * c % d") == bin(.modulo, bin(.multiply, bin(.divide, a, b), c), d))
        #expect(try expression("(a + b) * c") == bin(.multiply, bin(.add, a, b), c))
    }

    @Test("a minus before a number literal folds into the literal")
    func unaryMinusAndLiterals() throws {
        #expect(try expression("-1") == int(-1))
        #expect(try expression("- 1") == int(-1))
        #expect(try expression("-1.5") == .literal(.number(-1.5)))
        #expect(try expression("-9223372036854775808") == int(.min))
        #expect(try expression("-0x10") == int(-16))
        #expect(try expression("-(1)") == .unary(.negate, int(1)))
        #expect(try expression("- -1") == .unary(.negate, int(-1)))
        #expect(try expression("-a") == .unary(.negate, a))
        #expect(try expression("-a.b") == .unary(.negate, prop(a, "b")))
        #expect(try expression("-1 - 1") == bin(.subtract, int(-1), int(1)))
        #expect(try expression("1 - -1") == bin(.subtract, int(1), int(-1)))
        #expect(try expression("1-1") == bin(.subtract, int(1), int(1)))
        #expect(try expression("-2 * 3") == bin(.multiply, int(-2), int(3)))
        #expect(try expression("+1") == .unary(.plus, int(1)))
        #expect(try expression("-[1][0]") == .unary(.negate, .index(.array([int(1)]), int(0))))
        // A member access on the number keeps the minus an operator: -(1.5.x), not (-1.5).x.
        #expect(try expression("-1.5.x") == .unary(.negate, prop(.literal(.number(1.5)), "x")))
    }

    @Test("postfix access binds tightest")
    func postfix() throws {
        #expect(try expression("a.b[0].c") == prop(.index(prop(a, "b"), int(0)), "c"))
        #expect(try expression("a['b c']") == prop(a, "b c"))
        #expect(try expression("a[@p]") == .index(a, .parameter("@p")))
        #expect(try expression("a[b.c]") == .index(a, prop(b, "c")))
        #expect(try expression("a['x' || 'y']") == .index(a, bin(.concat, str("x"), str("y"))))
        #expect(try expression("~a.b") == .unary(.bitwiseNot, prop(a, "b")))
        #expect(try expression("a.value.order.top") == prop(prop(prop(a, "value"), "order"), "top"))
    }
}
