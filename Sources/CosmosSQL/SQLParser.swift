/// Public entry point: parses Cosmos DB NoSQL query text into a `SelectQuery`.
///
/// Every input either parses or throws a `SyntaxError` with the location and text of the offending token; no input
/// crashes the parser or exhausts the stack (nesting is limited, see `maximumNestingDepth`). Whatever parses can be
/// printed back with `SQLPrinter` and reparsed to an equal AST.
public enum SQLParser {
    /// How deeply parentheses, brackets, braces, argument lists, ternaries and subqueries may nest.
    public static let maximumNestingDepth = Parser.maximumNestingDepth
    /// The tallest expression tree the parser returns, so recursive consumers (printer, evaluator, `==`) stay within
    /// their stacks. Long flat chains count too: `a OR b OR c` has height 3 (plus its operands).
    public static let maximumExpressionHeight = Parser.maximumExpressionHeight

    /// Parses a complete query such as `SELECT * FROM c WHERE c.a = 1`.
    public static func parse(_ text: String) throws(SyntaxError) -> SelectQuery {
        var parser = try Parser(text: text)
        return try parser.parseCompleteQuery()
    }

    /// Parses a standalone scalar expression such as `c.a > 0 ? 1 : undefined`; convenient for evaluator tests.
    public static func parseExpression(_ text: String) throws(SyntaxError) -> Expression {
        var parser = try Parser(text: text)
        return try parser.parseCompleteExpression()
    }
}

extension SelectQuery {
    /// Parses `text`; the same as `SQLParser.parse(text)`.
    public init(parsing text: String) throws(SyntaxError) {
        self = try SQLParser.parse(text)
    }
}
