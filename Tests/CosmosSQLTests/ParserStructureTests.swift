import Testing
@testable import CosmosSQL

/// Exact AST shapes of clauses, FROM/JOIN forms and primary expressions: the contract the evaluator relies on.
@Suite("Parser structure")
struct ParserStructureTests {
    @Test("SELECT *, VALUE and item lists")
    func selections() throws {
        #expect(try SQLParser.parse("SELECT * FROM c").selection == .star)
        #expect(try SQLParser.parse("SELECT VALUE c.a FROM c").selection == .value(prop(id("c"), "a")))
        #expect(try SQLParser.parse("SELECT c.a, c.b AS x, c.c y FROM c").selection == .items([
            SelectItem(expression: prop(id("c"), "a")),
            SelectItem(expression: prop(id("c"), "b"), alias: "x"),
            SelectItem(expression: prop(id("c"), "c"), alias: "y"),
        ]))
        let noFrom = try SQLParser.parse("SELECT 1")
        #expect(noFrom == SelectQuery(selection: .items([SelectItem(expression: int(1))])))
        #expect(try SQLParser.parse("SELECT VALUE [1, 2]").selection == .value(.array([int(1), int(2)])))
    }

    @Test("String literals are equal only with the same code points")
    func stringLiteralsCompareByCodePoint() throws {
        // Swift's String == calls these pairs equal; as query constants they are different strings.
        for (first, second) in [("\u{E9}", "e\u{301}"), ("K", "\u{212A}")] {
            #expect(Literal.string(first) != Literal.string(second))
            #expect(Set([Literal.string(first), Literal.string(second)]).count == 2)
            #expect(try expression("'\(first)'") != expression("'\(second)'"))
            #expect(try SQLParser.parse("SELECT VALUE c.n = '\(first)' FROM c") != SQLParser.parse("SELECT VALUE c.n = '\(second)' FROM c"))
        }
        #expect(Literal.string("\u{E9}") == Literal.string("\u{E9}"))
        #expect(Literal.number(0.0) == Literal.number(-0.0))
        #expect(Literal.integer(1) != Literal.number(1))
    }

    @Test("DISTINCT, TOP, ORDER BY, GROUP BY, OFFSET and LIMIT")
    func clauses() throws {
        let query = try SQLParser.parse(
            "SELECT DISTINCT TOP 10 c.city FROM c WHERE c.a GROUP BY c.city, c.b ORDER BY c._ts DESC, c.id OFFSET 5 LIMIT @take"
        )
        #expect(query.isDistinct)
        #expect(query.top == .literal(10))
        #expect(query.filter == prop(id("c"), "a"))
        #expect(query.groupBy == [prop(id("c"), "city"), prop(id("c"), "b")])
        #expect(query.orderBy == [
            OrderByItem(expression: prop(id("c"), "_ts"), isDescending: true),
            OrderByItem(expression: prop(id("c"), "id"), isDescending: false),
        ])
        #expect(query.offset == .literal(5))
        #expect(query.limit == .parameter("@take"))
        #expect(try SQLParser.parse("SELECT TOP @n * FROM c").top == .parameter("@n"))
        #expect(try SQLParser.parse("SELECT TOP 0x0A * FROM c").top == .literal(10))
    }

    @Test("FROM container forms and default aliases")
    func fromContainer() throws {
        #expect(try SQLParser.parse("SELECT * FROM c").from == FromClause(alias: "c", source: .container(name: "c")))
        #expect(try SQLParser.parse("SELECT * FROM root").from == FromClause(alias: "root", source: .container(name: "root")))
        #expect(try SQLParser.parse("SELECT * FROM root r").from == FromClause(alias: "r", source: .container(name: "root")))
        #expect(try SQLParser.parse("SELECT * FROM Families AS f").from == FromClause(alias: "f", source: .container(name: "Families")))
    }

    @Test("FROM sub-root paths")
    func fromPaths() throws {
        let children = CosmosSQL.Expression.property(id("c"), "children")
        #expect(try SQLParser.parse("SELECT * FROM c.children").from == FromClause(alias: "children", source: .path(children)))
        #expect(try SQLParser.parse("SELECT * FROM c.children ch").from == FromClause(alias: "ch", source: .path(children)))
        #expect(try SQLParser.parse("SELECT * FROM c['children'] AS ch").from == FromClause(alias: "ch", source: .path(children)))
        #expect(try SQLParser.parse("SELECT * FROM c.children[0] first").from == FromClause(
            alias: "first", source: .path(.index(children, int(0)))
        ))
        #expect(try SQLParser.parse("SELECT * FROM c.a.value v").from == FromClause(alias: "v", source: .path(prop(prop(id("c"), "a"), "value"))))
    }

    @Test("FROM iteration and subqueries")
    func fromIteration() throws {
        #expect(try SQLParser.parse("SELECT * FROM x IN c.arr").from == FromClause(
            alias: "x", source: .path(prop(id("c"), "arr")), iterates: true
        ))
        #expect(try SQLParser.parse("SELECT * FROM c IN c.children").from == FromClause(
            alias: "c", source: .path(prop(id("c"), "children")), iterates: true
        ))
        #expect(try SQLParser.parse("SELECT * FROM x IN c").from == FromClause(alias: "x", source: .path(id("c")), iterates: true))
        let inner = try SQLParser.parse("SELECT c.id FROM c")
        #expect(try SQLParser.parse("SELECT * FROM (SELECT c.id FROM c) s").from == FromClause(alias: "s", source: .subquery(inner)))
        #expect(try SQLParser.parse("SELECT * FROM x IN (SELECT c.id FROM c)").from == FromClause(
            alias: "x", source: .subquery(inner), iterates: true
        ))
    }

    @Test("JOIN forms")
    func joins() throws {
        let query = try SQLParser.parse(
            "SELECT c.id FROM c JOIN t IN c.tags JOIN s IN t.scores JOIN c.children ch JOIN (SELECT VALUE 1) one JOIN u IN (SELECT VALUE 2)"
        )
        #expect(query.joins == [
            JoinClause(alias: "t", source: .path(prop(id("c"), "tags")), iterates: true),
            JoinClause(alias: "s", source: .path(prop(id("t"), "scores")), iterates: true),
            JoinClause(alias: "ch", source: .path(prop(id("c"), "children"))),
            JoinClause(alias: "one", source: .subquery(SelectQuery(selection: .value(int(1))))),
            JoinClause(alias: "u", source: .subquery(SelectQuery(selection: .value(int(2)))), iterates: true),
        ])
        #expect(try SQLParser.parse("SELECT c.id FROM c JOIN c.tags").joins == [
            JoinClause(alias: "tags", source: .path(prop(id("c"), "tags"))),
        ])
        #expect(try SQLParser.parse("SELECT c.id FROM c JOIN c y").joins == [JoinClause(alias: "y", source: .path(id("c")))])
    }

    @Test("literals")
    func literals() throws {
        #expect(try expression("[true, false, null, undefined]") == .array([
            .literal(.bool(true)), .literal(.bool(false)), .literal(.null), .literal(.undefined),
        ]))
        #expect(try expression("9223372036854775807") == int(.max))
        #expect(try expression("9223372036854775808") == .literal(.number(9_223_372_036_854_775_808)))
        #expect(try expression("1.0") == .literal(.number(1)))
        #expect(try expression("1e2") == .literal(.number(100)))
        #expect(try expression(".5") == .literal(.number(0.5)))
        #expect(try expression("0x7FFFFFFFFFFFFFFF") == int(.max))
        #expect(try expression("'x'") == str("x"))
        #expect(try expression("@p") == .parameter("@p"))
        #expect(try expression("TRUE") == id("TRUE"))
        #expect(try expression("1e-400") == .literal(.number(0)))
    }

    @Test("object literals keep member order; keys may be strings, identifiers or reserved words")
    func objects() throws {
        #expect(try expression(#"{"a": 1, b: c.x, value: 2, "a": 3}"#) == .object([
            ObjectMember(key: "a", value: int(1)),
            ObjectMember(key: "b", value: prop(id("c"), "x")),
            ObjectMember(key: "value", value: int(2)),
            ObjectMember(key: "a", value: int(3)),
        ]))
        #expect(try expression("{}") == .object([]))
    }

    @Test("function calls keep their spelling and location; udf calls are marked")
    func calls() throws {
        let parsed = try expression("  is_defined(c.a)")
        guard case .call(let call) = parsed else {
            Issue.record("not a call: \(parsed)")
            return
        }
        #expect(call.name == "is_defined")
        #expect(call.arguments == [prop(id("c"), "a")])
        #expect(!call.isUserDefined)
        #expect(call.location == SourceLocation(offset: 2, line: 1, column: 3))

        guard case .call(let udf) = try expression("UDF.Tax(1, 2)") else {
            Issue.record("not a call")
            return
        }
        #expect(udf.name == "Tax")
        #expect(udf.isUserDefined)
        #expect(udf.arguments == [int(1), int(2)])
        #expect(try expression("f()") == .call(FunctionCall(name: "f", arguments: [])))
    }

    @Test("function call equality ignores locations")
    func callEqualityIgnoresLocation() throws {
        let first = FunctionCall(name: "f", arguments: [], location: SourceLocation(offset: 0, line: 1, column: 1))
        let second = FunctionCall(name: "f", arguments: [], location: SourceLocation(offset: 9, line: 3, column: 4))
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != FunctionCall(name: "F", arguments: []))
        #expect(try expression("f(1)") == expression("\n\n   f( 1 )"))
    }

    @Test("EXISTS, ARRAY and scalar subqueries")
    func subqueries() throws {
        let inner = try SQLParser.parse("SELECT VALUE t FROM t IN c.tags")
        #expect(try expression("EXISTS(SELECT VALUE t FROM t IN c.tags)") == .exists(inner))
        #expect(try expression("exists (SELECT VALUE t FROM t IN c.tags)") == .exists(inner))
        #expect(try expression("ARRAY(SELECT VALUE t FROM t IN c.tags)") == .arraySubquery(inner))
        #expect(try expression("(SELECT VALUE t FROM t IN c.tags)") == .scalarSubquery(inner))
        #expect(try expression("((SELECT VALUE t FROM t IN c.tags))") == .scalarSubquery(inner))
    }

    @Test("property names after '.' may be reserved words")
    func keywordProperties() throws {
        for keyword in Keyword.allCases {
            let name = keyword.rawValue
            #expect(try expression("c.\(name)") == prop(id("c"), name), "c.\(name)")
            #expect(try expression("c.\(name.uppercased())") == prop(id("c"), name.uppercased()))
        }
    }

    @Test("SelectQuery(parsing:) matches SQLParser.parse")
    func initializer() throws {
        #expect(try SelectQuery(parsing: "SELECT * FROM c") == SQLParser.parse("SELECT * FROM c"))
    }
}
