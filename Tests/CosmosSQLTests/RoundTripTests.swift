import Testing
@testable import CosmosSQL

/// print → parse must give back the exact AST, for random ASTs and for every fixture query.
@Suite("Printer round trip")
struct RoundTripTests {
    static let casesPerSeed = 5_000

    @Test("random ASTs survive print and parse unchanged, in both printing styles", arguments: [1, 2, 3, 4] as [UInt64])
    func randomASTs(seed: UInt64) throws {
        var generator = ASTGenerator(seed: seed)
        var failures = 0
        for _ in 0..<Self.casesPerSeed {
            let query = generator.query(depth: 4)
            let text = SQLPrinter.format(query)
            do {
                let reparsed = try SQLParser.parse(text)
                let parenthesized = try SQLParser.parse(SQLPrinter.format(query, style: .fullyParenthesized))
                if reparsed != query || parenthesized != query {
                    failures += 1
                    if failures <= 3 {
                        Issue.record("round trip changed the AST for: \(text)\nreparsed as: \(reparsed.formatted())")
                    }
                }
            } catch {
                failures += 1
                if failures <= 3 {
                    Issue.record("printed query does not parse: \(text)\n\(error)")
                }
            }
        }
        #expect(failures == 0)
    }

    @Test("random expressions survive print and parse unchanged")
    func randomExpressions() throws {
        var generator = ASTGenerator(seed: 99)
        for _ in 0..<Self.casesPerSeed {
            let expression = generator.expression(depth: 5)
            let text = SQLPrinter.format(expression)
            let reparsed = try SQLParser.parseExpression(text)
            #expect(reparsed == expression, "\(text)")
            if reparsed != expression {
                return
            }
        }
    }

    @Test("the generator is deterministic and varied")
    func generatorIsDeterministic() {
        var first = ASTGenerator(seed: 7)
        var second = ASTGenerator(seed: 7)
        let queries = (0..<50).map { _ in first.query(depth: 3) }
        #expect(queries == (0..<50).map { _ in second.query(depth: 3) })
        #expect(Set(queries).count > 40)
    }

    @Test("string escaping round-trips every BMP and astral scalar class")
    func stringEscapes() throws {
        var text = ""
        for value in Array(0..<0x80) + [0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF] {
            if let scalar = Unicode.Scalar(UInt32(value)) {
                text.unicodeScalars.append(scalar)
            }
        }
        let literal = CosmosSQL.Expression.literal(.string(text))
        #expect(try SQLParser.parseExpression(SQLPrinter.format(literal)) == literal)
        #expect(SQLPrinter.quoted("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u0001""#)
    }

    @Test("hand-built edge cases print unambiguously")
    func edgeCases() throws {
        let cases: [CosmosSQL.Expression] = [
            .unary(.negate, int(5)),
            .unary(.negate, int(-5)),
            .unary(.negate, .unary(.negate, id("a"))),
            .unary(.negate, .literal(.number(-0.0))),
            .property(int(1), "a"),
            .property(int(-1), "a"),
            .index(int(-1), int(0)),
            .index(id("c"), str("a")),
            .property(id("c"), "value"),
            .property(id("c"), "a b"),
            .property(.literal(.number(1.5)), "x"),
            bin(.subtract, int(1), int(-1)),
            bin(.subtract, int(-1), int(-1)),
            .literal(.number(1e300)),
            .literal(.number(-.leastNonzeroMagnitude)),
            .literal(.integer(.min)),
        ]
        for expression in cases {
            let text = SQLPrinter.format(expression)
            #expect(try SQLParser.parseExpression(text) == expression, "\(text)")
        }
    }
}
