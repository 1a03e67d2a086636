/// Recursive-descent parser for the Cosmos DB NoSQL query language. `SQLParser` is the public entry point.
///
/// Two limits keep every caller's stack safe on any input: the parser's own recursion is bounded by
/// `maximumNestingDepth` (parentheses, brackets, braces, argument lists, subqueries, ternaries, BETWEEN/LIKE operands),
/// and the height of every expression tree it returns is bounded by `maximumExpressionHeight` (this also covers long
/// flat chains such as `a OR b OR c ...`, which parse iteratively but build deep trees that recursive consumers walk).
/// Violations throw "expression nested too deeply".
///
/// Debug builds give every temporary its own stack slot, so functions on the recursive path are kept small and the rest
/// of the work lives in `@inline(never)` helpers. Measured on x86_64 Linux with Swift 6.3, the worst inputs at the
/// limits need about 1.6 MB of stack to parse in a debug build (0.8 MB optimised), and `==` on the tallest tree about
/// 2.1 MB in a debug build (0.25 MB optimised): comfortably inside the usual 8 MB thread stacks.
struct Parser {
    static let maximumNestingDepth = 200
    static let maximumExpressionHeight = 512

    /// An expression with its tree height, tracked while parsing so the height limit costs nothing extra.
    struct ParsedExpression {
        var expression: Expression
        var height: Int
    }

    /// A query with the height of the tallest expression tree inside it (counting subquery nesting).
    struct ParsedQuery {
        var query: SelectQuery
        var height: Int
    }

    private var lexer: Lexer
    /// The token being looked at.
    private(set) var token: Token
    /// Tokens after `token` that were lexed early by `peek`.
    private var lookahead: [Token] = []
    private var nestingDepth = 0

    init(text: String) throws(SyntaxError) {
        var lexer = Lexer(text: text)
        token = try lexer.nextToken()
        self.lexer = lexer
    }

    // MARK: - Entry points

    mutating func parseCompleteQuery() throws(SyntaxError) -> SelectQuery {
        try parseSelectQuery(terminator: .endOfInput).query
    }

    mutating func parseCompleteExpression() throws(SyntaxError) -> Expression {
        let parsed = try parseExpression()
        guard token.kind == .endOfInput else {
            throw error("expected an operator or end of expression", at: token)
        }
        return parsed.expression
    }

    // MARK: - Token handling

    mutating func advance() throws(SyntaxError) {
        if lookahead.isEmpty {
            token = try lexer.nextToken()
        } else {
            token = lookahead.removeFirst()
        }
    }

    /// The token `distance` positions after the current one (`peek(1)` is the next token).
    mutating func peek(_ distance: Int) throws(SyntaxError) -> Token {
        while lookahead.count < distance {
            lookahead.append(try lexer.nextToken())
        }
        return lookahead[max(0, distance - 1)]
    }

    /// Consumes the current token if it has the given kind.
    mutating func consume(_ kind: TokenKind) throws(SyntaxError) -> Bool {
        guard token.kind == kind else { return false }
        try advance()
        return true
    }

    /// Consumes a token of the given kind or fails with `message`.
    @inline(never)
    mutating func expect(_ kind: TokenKind, _ message: String) throws(SyntaxError) {
        guard token.kind == kind else {
            throw error(message, at: token)
        }
        try advance()
    }

    @inline(never)
    func error(_ message: String, at token: Token) -> SyntaxError {
        SyntaxError(message: message, location: token.location, token: token.quotedText, length: token.text.utf8.count)
    }

    // MARK: - Limits

    mutating func enterNesting() throws(SyntaxError) {
        nestingDepth += 1
        if nestingDepth > Parser.maximumNestingDepth {
            throw error(SyntaxError.nestedTooDeeplyMessage, at: token)
        }
    }

    mutating func exitNesting() {
        nestingDepth -= 1
    }

    /// Wraps a new node whose tallest child has height `childHeight`, enforcing the height limit.
    func node(_ expression: Expression, childHeight: Int, at token: Token) throws(SyntaxError) -> ParsedExpression {
        let height = childHeight + 1
        guard height <= Parser.maximumExpressionHeight else {
            throw error(SyntaxError.nestedTooDeeplyMessage, at: token)
        }
        return ParsedExpression(expression: expression, height: height)
    }

    // MARK: - Query

    /// A query under construction, passed between the clause parsers.
    struct QueryInProgress {
        var query = SelectQuery(selection: .star)
        /// Tallest expression seen so far.
        var height = 0
        /// The `*` of `SELECT *`, kept for the single-input-set check at the end.
        var starToken: Token?
        /// Clauses that may still follow, for the "expected ..." message when something else does.
        var followingClauses = ["FROM", "WHERE", "GROUP BY", "ORDER BY", "OFFSET"]

        mutating func include(_ expression: ParsedExpression) -> Expression {
            height = max(height, expression.height)
            return expression.expression
        }
    }

    /// Parses one query and checks that `terminator` (end of input, or `)` for a subquery) follows without consuming it.
    /// Subqueries recurse through here, so each clause lives in its own function to keep this frame small.
    mutating func parseSelectQuery(terminator: TokenKind) throws(SyntaxError) -> ParsedQuery {
        try enterNesting()
        defer { exitNesting() }
        var state = QueryInProgress()
        try parseSelectClause(into: &state)
        if token.isKeyword(.from) {
            try parseFromAndJoins(into: &state)
        } else if token.isKeyword(.join) {
            throw error("JOIN requires a FROM clause before it", at: token)
        }
        try parseWhereAndGroupBy(into: &state)
        try parseOrderByAndOffset(into: &state)
        return try finishQuery(&state, terminator: terminator)
    }

    @inline(never)
    private mutating func parseSelectClause(into state: inout QueryInProgress) throws(SyntaxError) {
        try expect(.keyword(.select), "expected SELECT")
        try parseSelectModifiers(into: &state.query)
        state.starToken = try parseSelection(into: &state.query, height: &state.height)
    }

    @inline(never)
    private mutating func parseWhereAndGroupBy(into state: inout QueryInProgress) throws(SyntaxError) {
        if try consume(.keyword(.where)) {
            state.query.filter = state.include(try parseExpression())
            state.followingClauses = ["GROUP BY", "ORDER BY", "OFFSET"]
        }
        if token.isKeyword(.group) {
            try advance()
            try expect(.keyword(.by), "expected BY after GROUP")
            repeat {
                state.query.groupBy.append(state.include(try parseExpression()))
            } while try consume(.comma)
            state.followingClauses = ["ORDER BY", "OFFSET"]
        }
    }

    @inline(never)
    private mutating func parseOrderByAndOffset(into state: inout QueryInProgress) throws(SyntaxError) {
        if token.isKeyword(.order) {
            try parseOrderBy(into: &state)
            state.followingClauses = ["OFFSET"]
        }
        if token.isKeyword(.offset) {
            try advance()
            state.query.offset = try parseCount(clause: "OFFSET")
            try expect(.keyword(.limit), "expected LIMIT after the OFFSET count")
            state.query.limit = try parseCount(clause: "LIMIT")
            state.followingClauses = []
        } else if token.isKeyword(.limit) {
            throw error("LIMIT must follow OFFSET: write OFFSET n LIMIT m", at: token)
        }
    }

    @inline(never)
    private func finishQuery(_ state: inout QueryInProgress, terminator: TokenKind) throws(SyntaxError) -> ParsedQuery {
        guard token.kind == terminator else {
            let end = terminator == .endOfInput ? "end of query" : "')'"
            throw error("expected " + Parser.describeAlternatives(state.followingClauses + [end]), at: token)
        }
        if let starToken = state.starToken {
            try checkStarSelection(of: state.query, at: starToken)
        }
        return ParsedQuery(query: state.query, height: state.height + 1)
    }

    /// "A, B or C".
    static func describeAlternatives(_ alternatives: [String]) -> String {
        guard let last = alternatives.last else { return "" }
        let leading = alternatives.dropLast()
        return leading.isEmpty ? last : leading.joined(separator: ", ") + " or " + last
    }

    /// `DISTINCT` and `TOP n` in either order.
    private mutating func parseSelectModifiers(into query: inout SelectQuery) throws(SyntaxError) {
        while true {
            if token.isKeyword(.distinct) && !query.isDistinct {
                query.isDistinct = true
                try advance()
            } else if token.isKeyword(.top) && query.top == nil {
                try advance()
                query.top = try parseCount(clause: "TOP")
            } else {
                return
            }
        }
    }

    /// Parses `*`, `VALUE expr` or a select list; returns the `*` token for the later single-input-set check.
    private mutating func parseSelection(into query: inout SelectQuery, height: inout Int) throws(SyntaxError) -> Token? {
        if token.kind == .star {
            let star = token
            try advance()
            if token.kind == .comma {
                throw error("'*' must be the only item in the SELECT list", at: token)
            }
            query.selection = .star
            return star
        }
        if token.isKeyword(.value) {
            try advance()
            if token.kind == .star {
                throw error("SELECT VALUE * is not valid: use SELECT * or SELECT VALUE <alias>", at: token)
            }
            try requireProjection(after: "VALUE")
            let value = try parseExpression()
            height = max(height, value.height)
            query.selection = .value(value.expression)
            return nil
        }
        try requireProjection(after: "SELECT")
        var items: [SelectItem] = []
        repeat {
            if token.kind == .star {
                throw error("'*' must be the only item in the SELECT list", at: token)
            }
            let item = try parseExpression()
            height = max(height, item.height)
            var alias: String?
            if try consume(.keyword(.as)) {
                alias = try parseAliasName(after: "AS").text
            } else if token.kind == .identifier {
                alias = token.text
                try advance()
            }
            items.append(SelectItem(expression: item.expression, alias: alias))
        } while try consume(.comma)
        query.selection = .items(items)
        return nil
    }

    /// Catches `SELECT` followed directly by a clause or the end, which would otherwise read as "expected an expression".
    private func requireProjection(after keyword: String) throws(SyntaxError) {
        let startsClause = switch token.kind {
        case .endOfInput, .rightParen, .keyword(.from), .keyword(.where), .keyword(.group), .keyword(.order),
             .keyword(.offset), .keyword(.limit), .keyword(.join):
            true
        default:
            false
        }
        if startsClause {
            let expected = keyword == "SELECT" ? "'*', VALUE or an expression" : "an expression"
            throw error("expected \(expected) after \(keyword)", at: token)
        }
    }

    private mutating func parseAliasName(after keyword: String) throws(SyntaxError) -> Token {
        guard token.kind == .identifier else {
            let reason = token.isWord ? " (reserved words cannot be aliases)" : ""
            throw error("expected an alias name after \(keyword)\(reason)", at: token)
        }
        let alias = token
        try advance()
        return alias
    }

    /// `TOP`, `OFFSET` and `LIMIT` take a non-negative integer literal or a parameter.
    private mutating func parseCount(clause: String) throws(SyntaxError) -> CountValue {
        switch token.kind {
        case .parameter:
            let name = token.text
            try advance()
            return .parameter(name)
        case .number:
            guard let value = Parser.integerValue(of: token.text) else {
                throw error("the \(clause) count must be a non-negative integer", at: token)
            }
            try advance()
            return .literal(value)
        default:
            throw error("expected a number or parameter after \(clause)", at: token)
        }
    }

    /// Cosmos DB rejects `SELECT *` without FROM and with more than one input set; the messages are the service's.
    private func checkStarSelection(of query: SelectQuery, at star: Token) throws(SyntaxError) {
        if query.from == nil {
            throw error("'SELECT *' is not valid if FROM clause is omitted.", at: star)
        }
        if !query.joins.isEmpty {
            throw error("'SELECT *' is only valid with a single input set.", at: star)
        }
    }

    // MARK: - FROM and JOIN

    private struct ParsedCollection {
        var alias: String
        var aliasToken: Token
        var source: CollectionSource
        var iterates: Bool
        var height: Int
    }

    @inline(never)
    private mutating func parseFromAndJoins(into state: inout QueryInProgress) throws(SyntaxError) {
        try advance()
        let from = try parseCollection(isJoin: false)
        state.query.from = FromClause(alias: from.alias, source: from.source, iterates: from.iterates)
        state.height = max(state.height, from.height)
        var aliases: Set<String> = [from.alias]
        while try consume(.keyword(.join)) {
            let join = try parseCollection(isJoin: true)
            guard aliases.insert(join.alias).inserted else {
                throw error("the alias '\(join.alias)' is specified more than once in the FROM clause", at: join.aliasToken)
            }
            state.query.joins.append(JoinClause(alias: join.alias, source: join.source, iterates: join.iterates))
            state.height = max(state.height, join.height)
        }
        state.followingClauses = ["JOIN", "WHERE", "GROUP BY", "ORDER BY", "OFFSET"]
    }

    /// `alias IN source` or `source [[AS] alias]`.
    @inline(never)
    private mutating func parseCollection(isJoin: Bool) throws(SyntaxError) -> ParsedCollection {
        if token.kind == .identifier, try peek(1).isKeyword(.in) {
            let aliasToken = token
            try advance()
            try advance()
            let source = try parseCollectionSource(allowsContainer: false)
            return ParsedCollection(alias: aliasToken.text, aliasToken: aliasToken, source: source.source, iterates: true, height: source.height)
        }
        let sourceToken = token
        let source = try parseCollectionSource(allowsContainer: !isJoin)
        return try parseCollectionAlias(for: source, sourceToken: sourceToken)
    }

    @inline(never)
    private mutating func parseCollectionAlias(for source: ParsedSource, sourceToken: Token) throws(SyntaxError) -> ParsedCollection {
        var aliasToken = sourceToken
        let alias: String
        if try consume(.keyword(.as)) {
            aliasToken = try parseAliasName(after: "AS")
            alias = aliasToken.text
        } else if token.kind == .identifier {
            aliasToken = token
            alias = token.text
            try advance()
        } else if let defaultAlias = source.source.defaultAlias {
            alias = defaultAlias
        } else if case .subquery = source.source {
            throw error("a subquery in FROM or JOIN needs an alias", at: token)
        } else {
            throw error("this path needs an alias: add AS <name>", at: token)
        }
        return ParsedCollection(alias: alias, aliasToken: aliasToken, source: source.source, iterates: false, height: source.height)
    }

    private struct ParsedSource {
        var source: CollectionSource
        var height: Int
    }

    /// A container name, a property path rooted at an identifier, or a parenthesised subquery.
    private mutating func parseCollectionSource(allowsContainer: Bool) throws(SyntaxError) -> ParsedSource {
        if token.kind == .leftParen {
            return try parseSubquerySource()
        }
        return try parsePathSource(allowsContainer: allowsContainer)
    }

    @inline(never)
    private mutating func parseSubquerySource() throws(SyntaxError) -> ParsedSource {
        try advance()
        guard token.isKeyword(.select) else {
            throw error("expected SELECT after '(' in FROM or JOIN", at: token)
        }
        let subquery = try parseSelectQuery(terminator: .rightParen)
        try advance()
        return ParsedSource(source: .subquery(subquery.query), height: subquery.height + 1)
    }

    /// Paths only allow `.name`, `["name"]` and `[integer]` steps, as in the .NET SDK grammar.
    @inline(never)
    private mutating func parsePathSource(allowsContainer: Bool) throws(SyntaxError) -> ParsedSource {
        guard token.kind == .identifier else {
            throw error("expected a container name, path or subquery", at: token)
        }
        let root = token
        try advance()
        var path = ParsedExpression(expression: .identifier(root.text), height: 1)
        var hasSteps = false
        while true {
            let stepToken = token
            if try consume(.dot) {
                guard token.isWord else {
                    throw error("expected a property name after '.'", at: token)
                }
                path = try node(.property(path.expression, token.text), childHeight: path.height, at: stepToken)
                try advance()
            } else if try consume(.leftBracket) {
                switch token.kind {
                case .string:
                    path = try node(.property(path.expression, token.stringValue), childHeight: path.height, at: stepToken)
                case .number:
                    guard let index = Parser.integerValue(of: token.text) else {
                        throw error("a path index must be a non-negative integer", at: token)
                    }
                    path = try node(.index(path.expression, .literal(.integer(index))), childHeight: path.height, at: stepToken)
                default:
                    throw error("a FROM or JOIN path can only be indexed by a string or a non-negative integer", at: token)
                }
                try advance()
                try expect(.rightBracket, "expected ']'")
            } else {
                break
            }
            hasSteps = true
        }
        if !hasSteps && allowsContainer {
            return ParsedSource(source: .container(name: root.text), height: 1)
        }
        return ParsedSource(source: .path(path.expression), height: path.height)
    }

    // MARK: - ORDER BY

    @inline(never)
    private mutating func parseOrderBy(into state: inout QueryInProgress) throws(SyntaxError) {
        try advance()
        try expect(.keyword(.by), "expected BY after ORDER")
        // `ORDER BY RANK <scoring function>` is the full-text/hybrid search form; a plain `ORDER BY rank` still sorts by a name.
        if token.kind == .identifier, token.text.lowercased() == "rank", try peek(1).kind == .identifier {
            throw error("ORDER BY RANK is not supported", at: token)
        }
        repeat {
            let key = state.include(try parseExpression())
            var isDescending = false
            if try consume(.keyword(.desc)) {
                isDescending = true
            } else {
                _ = try consume(.keyword(.asc))
            }
            state.query.orderBy.append(OrderByItem(expression: key, isDescending: isDescending))
        } while try consume(.comma)
    }

    // MARK: - Numbers

    /// The value of an unsigned integer literal (decimal digits or `0x` hex) that fits in `Int64`; `nil` otherwise.
    static func integerValue(of text: String) -> Int64? {
        guard let magnitude = unsignedMagnitude(of: text), magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// The magnitude of a decimal-digits or `0x` literal; `nil` for fractions, exponents or values beyond `UInt64`.
    static func unsignedMagnitude(of text: String) -> UInt64? {
        var utf8 = Substring(text).utf8
        var radix: UInt64 = 10
        if utf8.count > 2, utf8.first == UInt8(ascii: "0"), let marker = utf8.dropFirst().first, marker | 0x20 == UInt8(ascii: "x") {
            radix = 16
            utf8 = utf8.dropFirst(2)
        }
        guard !utf8.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in utf8 {
            let digit: UInt64
            if Lexer.isDigit(byte) {
                digit = UInt64(byte - UInt8(ascii: "0"))
            } else if radix == 16, Lexer.isHexDigit(byte) {
                digit = UInt64((byte | 0x20) - UInt8(ascii: "a")) + 10
            } else {
                return nil
            }
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(digit)
            guard !overflowShift, !overflowAdd else { return nil }
            value = sum
        }
        return value
    }

    /// Converts a number token, applying a folded leading minus. Integers that fit stay `Int64`; other decimal
    /// numbers become `Double`; hexadecimal literals must fit in `Int64` and every number must be finite.
    func numericLiteral(_ numberToken: Token, negated: Bool) throws(SyntaxError) -> Literal {
        let text = numberToken.text
        let isHex = text.utf8.count > 1 && text.utf8.dropFirst().first.map { $0 | 0x20 == UInt8(ascii: "x") } == true
        if let magnitude = Parser.unsignedMagnitude(of: text) {
            if !negated, magnitude <= UInt64(Int64.max) {
                return .integer(Int64(magnitude))
            }
            if negated, magnitude <= UInt64(Int64.max) + 1 {
                return .integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
            }
        }
        guard !isHex, let value = Double(text), value.isFinite else {
            throw error("number out of range", at: numberToken)
        }
        return .number(negated ? -value : value)
    }
}
