/// Scalar expressions. Binary operators are parsed with an operator stack rather than one function per precedence
/// level, so a parenthesis costs a handful of stack frames however many operators surround it. See `Precedence`.
extension Parser {
    /// A full expression, including the right-associative conditional `c ? a : b` at the weakest level.
    mutating func parseExpression() throws(SyntaxError) -> ParsedExpression {
        try enterNesting()
        defer { exitNesting() }
        let condition = try parseBinary(minimum: .coalesce)
        guard token.kind == .question else { return condition }
        return try parseConditional(condition: condition)
    }

    /// The `? a : b` part; kept out of `parseExpression` so the common path has a small stack frame.
    @inline(never)
    private mutating func parseConditional(condition: ParsedExpression) throws(SyntaxError) -> ParsedExpression {
        let question = token
        try advance()
        let whenTrue = try parseExpression()
        try expect(.colon, "expected ':' in conditional expression")
        let whenFalse = try parseExpression()
        return try node(
            .conditional(condition.expression, then: whenTrue.expression, else: whenFalse.expression),
            childHeight: max(condition.height, whenTrue.height, whenFalse.height),
            at: question
        )
    }

    /// An operator waiting on the stack for its right operand.
    private struct PendingOperator {
        /// `nil` for a logical prefix `NOT`.
        var binary: BinaryOperator?
        var precedence: Precedence
        var token: Token
    }

    /// The operand and operator stacks of one chain of binary operators.
    private struct OperatorChain {
        var operands: [ParsedExpression] = []
        var pending: [PendingOperator] = []
        let minimum: Precedence

        /// A NOT in operand position is the logical operator when the operand belongs to `??`, OR, AND, NOT or starts the chain.
        var acceptsLogicalNot: Bool {
            (pending.last?.precedence ?? minimum) <= .not
        }
    }

    /// Operators binding at least as tightly as `minimum`, plus the IN/BETWEEN/LIKE predicates when `minimum` allows them.
    /// The work happens in small helpers so this function, which every nesting level passes through, keeps a small frame.
    mutating func parseBinary(minimum: Precedence) throws(SyntaxError) -> ParsedExpression {
        var chain = OperatorChain(minimum: minimum)
        repeat {
            try pushLogicalNots(onto: &chain)
            chain.operands.append(try parseUnary())
        } while try continueChain(&chain)
        return try finishChain(&chain)
    }

    @inline(never)
    private mutating func pushLogicalNots(onto chain: inout OperatorChain) throws(SyntaxError) {
        while token.isKeyword(.not), chain.acceptsLogicalNot {
            chain.pending.append(PendingOperator(binary: nil, precedence: .not, token: token))
            try advance()
        }
    }

    /// Operator position: predicates turn the operand so far into a new operand; then returns whether a binary operator
    /// was pushed (so another operand must follow).
    @inline(never)
    private mutating func continueChain(_ chain: inout OperatorChain) throws(SyntaxError) -> Bool {
        while chain.minimum <= .predicate, try startsPredicate() {
            try reduce(&chain, whileAtLeast: .predicate)
            guard let subject = chain.operands.popLast() else {
                throw error("malformed expression", at: token)
            }
            chain.operands.append(try parsePredicate(subject: subject))
        }
        guard let (binary, precedence) = Parser.binaryOperator(for: token.kind), precedence >= chain.minimum else {
            return false
        }
        try reduce(&chain, whileAtLeast: precedence)
        chain.pending.append(PendingOperator(binary: binary, precedence: precedence, token: token))
        try advance()
        return true
    }

    @inline(never)
    private func finishChain(_ chain: inout OperatorChain) throws(SyntaxError) -> ParsedExpression {
        try reduce(&chain, whileAtLeast: .coalesce)
        guard chain.operands.count == 1, let result = chain.operands.first else {
            throw error("malformed expression", at: token)
        }
        return result
    }

    /// Applies stacked operators binding at least as tightly as `level` (all binary operators are left-associative).
    private func reduce(_ chain: inout OperatorChain, whileAtLeast level: Precedence) throws(SyntaxError) {
        while let top = chain.pending.last, top.precedence >= level {
            chain.pending.removeLast()
            guard let right = chain.operands.popLast() else {
                throw error("malformed expression", at: top.token)
            }
            guard let binary = top.binary else {
                chain.operands.append(try node(.unary(.not, right.expression), childHeight: right.height, at: top.token))
                continue
            }
            guard let left = chain.operands.popLast() else {
                throw error("malformed expression", at: top.token)
            }
            let combined = Expression.binary(binary, left.expression, right.expression)
            chain.operands.append(try node(combined, childHeight: max(left.height, right.height), at: top.token))
        }
    }

    static func binaryOperator(for kind: TokenKind) -> (BinaryOperator, Precedence)? {
        let binary: BinaryOperator? = switch kind {
        case .doubleQuestion: .coalesce
        case .keyword(.or): .or
        case .keyword(.and): .and
        case .doublePipe: .concat
        case .pipe: .bitwiseOr
        case .caret: .bitwiseXor
        case .ampersand: .bitwiseAnd
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .leftShift: .leftShift
        case .rightShift: .rightShift
        case .zeroFillRightShift: .zeroFillRightShift
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .percent: .modulo
        default: nil
        }
        return binary.map { ($0, Precedence(of: $0)) }
    }

    // MARK: - IN, BETWEEN, LIKE

    /// Whether the current token starts `[NOT] IN`, `[NOT] BETWEEN` or `[NOT] LIKE`. A NOT after a complete operand
    /// can only negate one of these, so anything else after it is reported right here.
    private mutating func startsPredicate() throws(SyntaxError) -> Bool {
        switch token.kind {
        case .keyword(.in), .keyword(.between), .keyword(.like):
            return true
        case .keyword(.not):
            let next = try peek(1)
            guard next.isKeyword(.in) || next.isKeyword(.between) || next.isKeyword(.like) else {
                throw error("expected IN, BETWEEN or LIKE after NOT", at: next)
            }
            return true
        default:
            return false
        }
    }

    @inline(never)
    private mutating func parsePredicate(subject: ParsedExpression) throws(SyntaxError) -> ParsedExpression {
        let negated = try consume(.keyword(.not))
        let keyword = token
        try advance()
        switch keyword.kind {
        case .keyword(.in):
            return try parseInList(subject: subject, negated: negated, keyword: keyword)
        case .keyword(.between):
            return try parseBetween(subject: subject, negated: negated, keyword: keyword)
        default:
            return try parseLike(subject: subject, negated: negated, keyword: keyword)
        }
    }

    @inline(never)
    private mutating func parseInList(subject: ParsedExpression, negated: Bool, keyword: Token) throws(SyntaxError) -> ParsedExpression {
        try expect(.leftParen, "expected '(' after IN")
        if token.kind == .rightParen {
            throw error("the IN list must not be empty", at: token)
        }
        var items: [Expression] = []
        var height = subject.height
        repeat {
            let item = try parseExpression()
            items.append(item.expression)
            height = max(height, item.height)
        } while try consume(.comma)
        try expect(.rightParen, "expected ',' or ')' in the IN list")
        return try node(.inList(subject.expression, items, negated: negated), childHeight: height, at: keyword)
    }

    @inline(never)
    private mutating func parseBetween(subject: ParsedExpression, negated: Bool, keyword: Token) throws(SyntaxError) -> ParsedExpression {
        let lower = try parseBoundOperand()
        try expect(.keyword(.and), "expected AND between the BETWEEN bounds")
        let upper = try parseBoundOperand()
        return try node(
            .between(subject.expression, lower: lower.expression, upper: upper.expression, negated: negated),
            childHeight: max(subject.height, lower.height, upper.height),
            at: keyword
        )
    }

    @inline(never)
    private mutating func parseLike(subject: ParsedExpression, negated: Bool, keyword: Token) throws(SyntaxError) -> ParsedExpression {
        let pattern = try parseBoundOperand()
        var escape: Expression?
        if try consume(.keyword(.escape)) {
            switch token.kind {
            case .string:
                escape = .literal(.string(token.stringValue))
            case .parameter:
                escape = .parameter(token.text)
            default:
                throw error("expected a string literal or parameter after ESCAPE", at: token)
            }
            try advance()
        }
        return try node(
            .like(subject.expression, pattern: pattern.expression, escape: escape, negated: negated),
            childHeight: max(subject.height, pattern.height, escape == nil ? 0 : 1),
            at: keyword
        )
    }

    /// BETWEEN bounds and LIKE patterns bind tighter than AND and the predicates, so `x BETWEEN 1 AND 2 AND y` works.
    private mutating func parseBoundOperand() throws(SyntaxError) -> ParsedExpression {
        try enterNesting()
        defer { exitNesting() }
        return try parseBinary(minimum: .concat)
    }

    // MARK: - Unary and postfix

    /// Prefix operators are collected in a loop (no recursion) and applied innermost first.
    /// A `-` directly before a number literal becomes part of the literal, so `-5` is `.integer(-5)` and
    /// `-9223372036854775808` fits; it stays an operator when the number is followed by `.` or `[`.
    mutating func parseUnary() throws(SyntaxError) -> ParsedExpression {
        guard Parser.unaryOperator(for: token.kind) != nil else {
            return try parsePostfix()
        }
        return try parsePrefixed()
    }

    private static func unaryOperator(for kind: TokenKind) -> UnaryOperator? {
        switch kind {
        case .minus: .negate
        case .plus: .plus
        case .tilde: .bitwiseNot
        case .keyword(.not): .not
        default: nil
        }
    }

    @inline(never)
    private mutating func parsePrefixed() throws(SyntaxError) -> ParsedExpression {
        var prefixes: [(UnaryOperator, Token)] = []
        var operand: ParsedExpression?
        while operand == nil {
            guard let unary = Parser.unaryOperator(for: token.kind) else {
                operand = try parsePostfix()
                break
            }
            if unary == .negate, let literal = try parseNegativeNumber() {
                operand = literal
                break
            }
            prefixes.append((unary, token))
            try advance()
        }
        guard var result = operand else {
            throw error("expected an expression", at: token)
        }
        for (unary, prefixToken) in prefixes.reversed() {
            result = try node(.unary(unary, result.expression), childHeight: result.height, at: prefixToken)
        }
        return result
    }

    /// Folds `-` and the number literal after it into one negative literal, when the number is not followed by `.` or `[`.
    @inline(never)
    private mutating func parseNegativeNumber() throws(SyntaxError) -> ParsedExpression? {
        guard try peek(1).kind == .number else { return nil }
        let following = try peek(2).kind
        guard following != .dot && following != .leftBracket else { return nil }
        try advance()
        let literal = try numericLiteral(token, negated: true)
        try advance()
        return ParsedExpression(expression: .literal(literal), height: 1)
    }

    /// Member access: `.name` (keywords allowed, so `c.value` works), `["name"]`, and `[expression]`.
    private mutating func parsePostfix() throws(SyntaxError) -> ParsedExpression {
        var base = try parsePrimary()
        while token.kind == .dot || token.kind == .leftBracket {
            base = try parseMemberAccess(base: base)
        }
        return base
    }

    @inline(never)
    private mutating func parseMemberAccess(base: ParsedExpression) throws(SyntaxError) -> ParsedExpression {
        let accessToken = token
        if try consume(.dot) {
            guard token.isWord else {
                throw error("expected a property name after '.'", at: token)
            }
            let property = try node(.property(base.expression, token.text), childHeight: base.height, at: accessToken)
            try advance()
            return property
        }
        try advance()
        let result: ParsedExpression
        if token.kind == .string, try peek(1).kind == .rightBracket {
            result = try node(.property(base.expression, token.stringValue), childHeight: base.height, at: accessToken)
            try advance()
        } else {
            let index = try parseExpression()
            result = try node(.index(base.expression, index.expression), childHeight: max(base.height, index.height), at: accessToken)
        }
        try expect(.rightBracket, "expected ']'")
        return result
    }

    // MARK: - Primary expressions

    /// Dispatches on the first token; each form lives in its own small function so that deep nesting, which recurses
    /// through here, only pays for the frames it uses.
    private mutating func parsePrimary() throws(SyntaxError) -> ParsedExpression {
        switch token.kind {
        case .identifier:
            return try parseIdentifierOrCall()
        case .parameter, .number, .string, .keyword(.true), .keyword(.false), .keyword(.null), .keyword(.undefined):
            return try parseLiteral()
        case .keyword(.udf):
            return try parseUserDefinedCall()
        case .keyword(.exists), .keyword(.array):
            return try parseSubqueryFunction()
        case .leftParen:
            return try parseParenthesized()
        case .leftBracket:
            return try parseArrayLiteral()
        case .leftBrace:
            return try parseObjectLiteral()
        default:
            throw error("expected an expression", at: token)
        }
    }

    @inline(never)
    private mutating func parseLiteral() throws(SyntaxError) -> ParsedExpression {
        let expression: Expression = switch token.kind {
        case .parameter: .parameter(token.text)
        case .number: .literal(try numericLiteral(token, negated: false))
        case .string: .literal(.string(token.stringValue))
        case .keyword(.true): .literal(.bool(true))
        case .keyword(.false): .literal(.bool(false))
        case .keyword(.null): .literal(.null)
        default: .literal(.undefined)
        }
        try advance()
        return ParsedExpression(expression: expression, height: 1)
    }

    @inline(never)
    private mutating func parseIdentifierOrCall() throws(SyntaxError) -> ParsedExpression {
        let start = token
        try advance()
        guard token.kind == .leftParen else {
            return ParsedExpression(expression: .identifier(start.text), height: 1)
        }
        return try parseCall(name: start.text, isUserDefined: false, location: start.location, at: start)
    }

    @inline(never)
    private mutating func parseUserDefinedCall() throws(SyntaxError) -> ParsedExpression {
        let start = token
        try advance()
        try expect(.dot, "expected '.' after udf")
        guard token.isWord else {
            throw error("expected a function name after 'udf.'", at: token)
        }
        let name = token.text
        try advance()
        guard token.kind == .leftParen else {
            throw error("expected '(' after the UDF name", at: token)
        }
        return try parseCall(name: name, isUserDefined: true, location: start.location, at: start)
    }

    /// `EXISTS(SELECT ...)` and `ARRAY(SELECT ...)`.
    @inline(never)
    private mutating func parseSubqueryFunction() throws(SyntaxError) -> ParsedExpression {
        let start = token
        let name = start.isKeyword(.exists) ? "EXISTS" : "ARRAY"
        try advance()
        try expect(.leftParen, "expected '(' after \(name)")
        guard token.isKeyword(.select) else {
            throw error("expected a subquery (SELECT ...) inside \(name)(...)", at: token)
        }
        let subquery = try parseSelectQuery(terminator: .rightParen)
        try advance()
        let expression: Expression = start.isKeyword(.exists) ? .exists(subquery.query) : .arraySubquery(subquery.query)
        return try node(expression, childHeight: subquery.height, at: start)
    }

    /// `( expression )`; a scalar subquery `( SELECT ... )` is handed to its own function to keep this frame small.
    @inline(never)
    private mutating func parseParenthesized() throws(SyntaxError) -> ParsedExpression {
        if try peek(1).isKeyword(.select) {
            return try parseScalarSubquery()
        }
        try advance()
        let inner = try parseExpression()
        try expect(.rightParen, "expected ')'")
        return inner
    }

    @inline(never)
    private mutating func parseScalarSubquery() throws(SyntaxError) -> ParsedExpression {
        let start = token
        try advance()
        let subquery = try parseSelectQuery(terminator: .rightParen)
        try advance()
        return try node(.scalarSubquery(subquery.query), childHeight: subquery.height, at: start)
    }

    @inline(never)
    private mutating func parseArrayLiteral() throws(SyntaxError) -> ParsedExpression {
        let start = token
        try advance()
        var elements: [Expression] = []
        var height = 0
        if token.kind != .rightBracket {
            repeat {
                let element = try parseExpression()
                elements.append(element.expression)
                height = max(height, element.height)
            } while try consume(.comma)
        }
        try expect(.rightBracket, "expected ',' or ']' in array literal")
        return try node(.array(elements), childHeight: height, at: start)
    }

    @inline(never)
    private mutating func parseObjectLiteral() throws(SyntaxError) -> ParsedExpression {
        let start = token
        try advance()
        var members: [ObjectMember] = []
        var height = 0
        if token.kind != .rightBrace {
            repeat {
                let key = try parseObjectKey()
                let value = try parseExpression()
                members.append(ObjectMember(key: key, value: value.expression))
                height = max(height, value.height)
            } while try consume(.comma)
        }
        try expect(.rightBrace, "expected ',' or '}' in object literal")
        return try node(.object(members), childHeight: height, at: start)
    }

    /// `"key":` or `key:`; unquoted keys may be reserved words.
    @inline(never)
    private mutating func parseObjectKey() throws(SyntaxError) -> String {
        let key: String
        switch token.kind {
        case .string:
            key = token.stringValue
        case .identifier, .keyword:
            key = token.text
        default:
            throw error("expected a property name in object literal", at: token)
        }
        try advance()
        try expect(.colon, "expected ':' after the property name")
        return key
    }

    /// Function arguments; the current token is the `(`.
    @inline(never)
    private mutating func parseCall(
        name: String,
        isUserDefined: Bool,
        location: SourceLocation,
        at start: Token
    ) throws(SyntaxError) -> ParsedExpression {
        try advance()
        var arguments: [Expression] = []
        var height = 0
        if token.kind != .rightParen {
            repeat {
                let argument = try parseExpression()
                arguments.append(argument.expression)
                height = max(height, argument.height)
            } while try consume(.comma)
        }
        try expect(.rightParen, "expected ',' or ')' in the argument list")
        let call = FunctionCall(name: name, arguments: arguments, isUserDefined: isUserDefined, location: location)
        return try node(.call(call), childHeight: height, at: start)
    }
}
