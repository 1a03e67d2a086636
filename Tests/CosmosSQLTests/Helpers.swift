@testable import CosmosSQL

/// Deterministic generator (SplitMix64) so randomised tests are reproducible from their seed.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Parses an expression, failing the test with the syntax error text when it does not parse.
func expression(_ text: String) throws -> CosmosSQL.Expression {
    try SQLParser.parseExpression(text)
}

/// The syntax error `text` produces as a query, or `nil` if it parses.
func queryError(_ text: String) -> SyntaxError? {
    do {
        _ = try SQLParser.parse(text)
        return nil
    } catch {
        return error
    }
}

/// All tokens of `text` up to (not including) the end of input.
func tokens(_ text: String) throws(SyntaxError) -> [Token] {
    var lexer = Lexer(text: text)
    var result: [Token] = []
    while true {
        let token = try lexer.nextToken()
        if token.kind == .endOfInput {
            return result
        }
        result.append(token)
    }
}

/// The first lexical error in `text`, or `nil`.
func lexError(_ text: String) -> SyntaxError? {
    do {
        _ = try tokens(text)
        return nil
    } catch {
        return error
    }
}

// Short AST builders for the precedence tests.
func id(_ name: String) -> CosmosSQL.Expression { .identifier(name) }
func int(_ value: Int64) -> CosmosSQL.Expression { .literal(.integer(value)) }
func str(_ value: String) -> CosmosSQL.Expression { .literal(.string(value)) }
func prop(_ base: CosmosSQL.Expression, _ name: String) -> CosmosSQL.Expression { .property(base, name) }
func bin(_ op: BinaryOperator, _ left: CosmosSQL.Expression, _ right: CosmosSQL.Expression) -> CosmosSQL.Expression {
    .binary(op, left, right)
}
func not(_ operand: CosmosSQL.Expression) -> CosmosSQL.Expression { .unary(.not, operand) }
