import Testing
@testable import CosmosSQL

/// Every rejection names the message, line, column and offending token text.
@Suite("Parser errors")
struct ParserErrorTests {
    /// One rejected query and everything its error must say.
    struct Rejection: Sendable, CustomStringConvertible {
        var query: String
        var message: String
        var line = 1
        var column: Int
        var token: String

        var description: String { query }
    }

    static let rejections: [Rejection] = [
        // Strings and escapes
        Rejection(query: "SELECT * FROM c WHERE c.a = 'abc", message: "unterminated string literal", column: 29, token: "'abc"),
        Rejection(query: "SELECT \"abc\nFROM c", message: "unterminated string literal", column: 8, token: "\"abc"),
        Rejection(query: #"SELECT 'a\x'"#, message: "invalid escape sequence in string literal", column: 10, token: #"\x"#),
        Rejection(query: #"SELECT '\u00'"#, message: #"\u must be followed by four hexadecimal digits"#, column: 9, token: #"\u00'"#),
        Rejection(query: #"SELECT "\uD83D""#, message: "unpaired UTF-16 surrogate in string literal", column: 9, token: #"\uD83D"#),
        // SELECT with nothing, or the wrong thing
        Rejection(query: "SELECT", message: "expected '*', VALUE or an expression after SELECT", column: 7, token: ""),
        Rejection(query: "SELECT FROM c", message: "expected '*', VALUE or an expression after SELECT", column: 8, token: "FROM"),
        Rejection(query: "SELECT VALUE", message: "expected an expression after VALUE", column: 13, token: ""),
        Rejection(
            query: "SELECT VALUE * FROM c",
            message: "SELECT VALUE * is not valid: use SELECT * or SELECT VALUE <alias>",
            column: 14, token: "*"
        ),
        Rejection(query: "SELECT *, c.id FROM c", message: "'*' must be the only item in the SELECT list", column: 9, token: ","),
        Rejection(query: "SELECT c.id, * FROM c", message: "'*' must be the only item in the SELECT list", column: 14, token: "*"),
        Rejection(
            query: "SELECT c.a AS value FROM c",
            message: "expected an alias name after AS (reserved words cannot be aliases)",
            column: 15, token: "value"
        ),
        Rejection(query: "", message: "expected SELECT", column: 1, token: ""),
        Rejection(query: "FROM c", message: "expected SELECT", column: 1, token: "FROM"),
        // Trailing garbage and clause order
        Rejection(
            query: "SELECT * FROM c garbage more",
            message: "expected JOIN, WHERE, GROUP BY, ORDER BY, OFFSET or end of query",
            column: 25, token: "more"
        ),
        Rejection(
            query: "SELECT * FROM c WHERE c.a = 1 garbage",
            message: "expected GROUP BY, ORDER BY, OFFSET or end of query",
            column: 31, token: "garbage"
        ),
        Rejection(query: "SELECT * FROMM c", message: "expected FROM, WHERE, GROUP BY, ORDER BY, OFFSET or end of query", column: 10, token: "FROMM"),
        Rejection(query: "SELECT * FROM c ORDER BY c.a WHERE c.b", message: "expected OFFSET or end of query", column: 30, token: "WHERE"),
        Rejection(query: "SELECT * FROM c OFFSET 1 LIMIT 2 ORDER BY c.a", message: "expected end of query", column: 34, token: "ORDER"),
        Rejection(query: "SELECT 1 JOIN t IN c.tags", message: "JOIN requires a FROM clause before it", column: 10, token: "JOIN"),
        Rejection(query: "SELECT * FROM c;", message: "unexpected character", column: 16, token: ";"),
        // OFFSET, LIMIT and TOP
        Rejection(query: "SELECT * FROM c OFFSET 5", message: "expected LIMIT after the OFFSET count", column: 25, token: ""),
        Rejection(query: "SELECT * FROM c OFFSET 5 ORDER BY c.a", message: "expected LIMIT after the OFFSET count", column: 26, token: "ORDER"),
        Rejection(query: "SELECT * FROM c LIMIT 5", message: "LIMIT must follow OFFSET: write OFFSET n LIMIT m", column: 17, token: "LIMIT"),
        Rejection(query: "SELECT * FROM c OFFSET LIMIT 5", message: "expected a number or parameter after OFFSET", column: 24, token: "LIMIT"),
        Rejection(query: "SELECT * FROM c OFFSET 1.5 LIMIT 5", message: "the OFFSET count must be a non-negative integer", column: 24, token: "1.5"),
        Rejection(query: "SELECT TOP * FROM c", message: "expected a number or parameter after TOP", column: 12, token: "*"),
        Rejection(query: "SELECT TOP -1 * FROM c", message: "expected a number or parameter after TOP", column: 12, token: "-"),
        Rejection(query: "SELECT TOP 1e2 * FROM c", message: "the TOP count must be a non-negative integer", column: 12, token: "1e2"),
        Rejection(
            query: "SELECT TOP 99999999999999999999 * FROM c",
            message: "the TOP count must be a non-negative integer",
            column: 12, token: "99999999999999999999"
        ),
        // Predicates
        Rejection(query: "SELECT * FROM c WHERE c.a IN ()", message: "the IN list must not be empty", column: 31, token: ")"),
        Rejection(query: "SELECT * FROM c WHERE c.a IN 1", message: "expected '(' after IN", column: 30, token: "1"),
        Rejection(query: "SELECT * FROM c WHERE c.a IN (1, 2", message: "expected ',' or ')' in the IN list", column: 35, token: ""),
        Rejection(query: "SELECT * FROM c WHERE c.a BETWEEN 1 OR 2", message: "expected AND between the BETWEEN bounds", column: 37, token: "OR"),
        Rejection(query: "SELECT * FROM c WHERE c.a NOT 1", message: "expected IN, BETWEEN or LIKE after NOT", column: 31, token: "1"),
        Rejection(
            query: "SELECT * FROM c WHERE c.a LIKE 'x' ESCAPE 1",
            message: "expected a string literal or parameter after ESCAPE",
            column: 43, token: "1"
        ),
        // Dangling operators
        Rejection(query: "SELECT 1 +", message: "expected an expression", column: 11, token: ""),
        Rejection(query: "SELECT * FROM c WHERE c.a =", message: "expected an expression", column: 28, token: ""),
        Rejection(query: "SELECT * FROM c WHERE AND c.a", message: "expected an expression", column: 23, token: "AND"),
        Rejection(query: "SELECT * FROM c WHERE c.a = = 1", message: "expected an expression", column: 29, token: "="),
        Rejection(query: "SELECT * FROM c WHERE c.a ? 1", message: "expected ':' in conditional expression", column: 30, token: ""),
        Rejection(query: "SELECT * FROM c WHERE NOT", message: "expected an expression", column: 26, token: ""),
        Rejection(query: "SELECT c.(1)", message: "expected a property name after '.'", column: 10, token: "("),
        Rejection(query: "SELECT c.1 FROM c", message: "expected FROM, WHERE, GROUP BY, ORDER BY, OFFSET or end of query", column: 9, token: ".1"),
        // Unbalanced brackets
        Rejection(query: "SELECT (1 + 2", message: "expected ')'", column: 14, token: ""),
        Rejection(query: "SELECT 1)", message: "expected FROM, WHERE, GROUP BY, ORDER BY, OFFSET or end of query", column: 9, token: ")"),
        Rejection(query: "SELECT [1, 2", message: "expected ',' or ']' in array literal", column: 13, token: ""),
        Rejection(query: "SELECT [1, ]", message: "expected an expression", column: 12, token: "]"),
        Rejection(query: "SELECT c.a[0 FROM c", message: "expected ']'", column: 14, token: "FROM"),
        Rejection(query: "SELECT {\"a\": 1", message: "expected ',' or '}' in object literal", column: 15, token: ""),
        Rejection(query: "SELECT {\"a\" 1}", message: "expected ':' after the property name", column: 13, token: "1"),
        Rejection(query: "SELECT {1: 1}", message: "expected a property name in object literal", column: 9, token: "1"),
        Rejection(query: "SELECT f(1, 2", message: "expected ',' or ')' in the argument list", column: 14, token: ""),
        Rejection(query: "SELECT (SELECT 1", message: "expected FROM, WHERE, GROUP BY, ORDER BY, OFFSET or ')'", column: 17, token: ""),
        Rejection(query: "SELECT ]", message: "expected an expression", column: 8, token: "]"),
        // Subqueries, functions and UDFs
        Rejection(query: "SELECT EXISTS(1)", message: "expected a subquery (SELECT ...) inside EXISTS(...)", column: 15, token: "1"),
        Rejection(query: "SELECT ARRAY c", message: "expected '(' after ARRAY", column: 14, token: "c"),
        Rejection(query: "SELECT udf.(1)", message: "expected a function name after 'udf.'", column: 12, token: "("),
        Rejection(query: "SELECT udf.f FROM c", message: "expected '(' after the UDF name", column: 14, token: "FROM"),
        // FROM and JOIN
        Rejection(query: "SELECT * FROM", message: "expected a container name, path or subquery", column: 14, token: ""),
        Rejection(query: "SELECT * FROM 'c'", message: "expected a container name, path or subquery", column: 15, token: "'c'"),
        Rejection(query: "SELECT * FROM c.arr[0]", message: "this path needs an alias: add AS <name>", column: 23, token: ""),
        Rejection(query: "SELECT * FROM c.value", message: "this path needs an alias: add AS <name>", column: 22, token: ""),
        Rejection(query: "SELECT * FROM (SELECT * FROM c)", message: "a subquery in FROM or JOIN needs an alias", column: 32, token: ""),
        Rejection(
            query: "SELECT * FROM c.arr[@i] x",
            message: "a FROM or JOIN path can only be indexed by a string or a non-negative integer",
            column: 21, token: "@i"
        ),
        Rejection(query: "SELECT * FROM c.arr[1.5] x", message: "a path index must be a non-negative integer", column: 21, token: "1.5"),
        Rejection(query: "SELECT * FROM (1) x", message: "expected SELECT after '(' in FROM or JOIN", column: 16, token: "1"),
        Rejection(
            query: "SELECT c.id FROM c JOIN t IN c.a JOIN t IN c.b",
            message: "the alias 't' is specified more than once in the FROM clause",
            column: 39, token: "t"
        ),
        Rejection(
            query: "SELECT c.id FROM c JOIN c.children JOIN c.children",
            message: "the alias 'children' is specified more than once in the FROM clause",
            column: 41, token: "c"
        ),
        Rejection(query: "SELECT c.id FROM c JOIN c", message: "this path needs an alias: add AS <name>", column: 26, token: ""),
        // Cosmos DB semantic rules enforced at parse time
        Rejection(query: "SELECT * FROM c JOIN t IN c.tags", message: "'SELECT *' is only valid with a single input set.", column: 8, token: "*"),
        Rejection(query: "SELECT *", message: "'SELECT *' is not valid if FROM clause is omitted.", column: 8, token: "*"),
        Rejection(
            query: "SELECT * FROM c ORDER BY RANK FullTextScore(c.text, ['x'])",
            message: "ORDER BY RANK is not supported",
            column: 26, token: "RANK"
        ),
        Rejection(
            query: "SELECT * FROM c ORDER BY rank RRF(VectorDistance(c.v, @v))",
            message: "ORDER BY RANK is not supported",
            column: 26, token: "rank"
        ),
        // Numbers
        Rejection(query: "SELECT 1e400", message: "number out of range", column: 8, token: "1e400"),
        Rejection(query: "SELECT -1e400", message: "number out of range", column: 9, token: "1e400"),
        Rejection(query: "SELECT 0x10000000000000000", message: "number out of range", column: 8, token: "0x10000000000000000"),
        Rejection(query: "SELECT 0x8000000000000000", message: "number out of range", column: 8, token: "0x8000000000000000"),
        Rejection(query: "SELECT 12abc", message: "invalid number literal", column: 8, token: "12abc"),
        // Multi-line locations
        Rejection(query: "SELECT *\nFROM c\nWHERE c.a = 1 AND\n  c.b =", message: "expected an expression", line: 4, column: 8, token: ""),
        Rejection(
            query: "SELECT *\n-- comment\n  FROM c WHERE c.a = @",
            message: "expected a parameter name after '@'",
            line: 3, column: 22, token: "@"
        ),
        Rejection(query: "SELECT 'é😀', #", message: "unexpected character", column: 14, token: "#"),
    ]

    @Test("rejections carry message, line, column and token", arguments: rejections)
    func rejection(_ expected: Rejection) {
        guard let error = queryError(expected.query) else {
            Issue.record("accepted: \(expected.query)")
            return
        }
        #expect(error.message == expected.message)
        #expect(error.location.line == expected.line)
        #expect(error.location.column == expected.column)
        #expect(error.token == expected.token)
    }

    @Test("the description names line, column and token")
    func description() {
        let error = queryError("SELECT * FROM c garbage more")
        #expect(error?.description
            == "Syntax error at line 1, column 25 near 'more': expected JOIN, WHERE, GROUP BY, ORDER BY, OFFSET or end of query")
        #expect(queryError("SELECT 1 +")?.description == "Syntax error at line 1, column 11 at end of input: expected an expression")
    }

    @Test("offsets are UTF-8 byte offsets")
    func offsets() {
        #expect(queryError("SELECT 'é', #")?.location == SourceLocation(offset: 13, line: 1, column: 13))
    }

    @Test("an ordinary ORDER BY on a field called rank still works")
    func orderByRankField() throws {
        #expect(try SQLParser.parse("SELECT * FROM c ORDER BY rank").orderBy == [OrderByItem(expression: id("rank"))])
        #expect(try SQLParser.parse("SELECT * FROM c ORDER BY rank DESC, c.a").orderBy.count == 2)
        #expect(try SQLParser.parse("SELECT * FROM c ORDER BY c.rank").orderBy == [OrderByItem(expression: prop(id("c"), "rank"))])
    }

    @Test("SELECT * is fine in subqueries with a single input set")
    func starInSubquery() throws {
        _ = try SQLParser.parse("SELECT c.id FROM c WHERE EXISTS(SELECT * FROM t IN c.tags)")
        #expect(queryError("SELECT c.id FROM c WHERE EXISTS(SELECT * FROM t IN c.tags JOIN u IN t.x)")?.message
            == "'SELECT *' is only valid with a single input set.")
    }
}
