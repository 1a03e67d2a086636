/// The kinds of tokens the lexer produces. Operators that share a meaning share a kind (`!=` and `<>`).
enum TokenKind: Sendable, Hashable {
    case endOfInput
    case identifier
    case keyword(Keyword)
    /// `@name`; the token text keeps the `@`.
    case parameter
    /// Decimal, decimal-with-fraction, exponent or `0x` hexadecimal; converted by the parser, which knows the sign.
    case number
    /// Single- or double-quoted; the decoded value is in `Token.stringValue`.
    case string

    case leftParen
    case rightParen
    case leftBracket
    case rightBracket
    case leftBrace
    case rightBrace
    case comma
    case dot
    case colon
    case question
    case doubleQuestion

    case star
    case slash
    case percent
    case plus
    case minus
    case tilde

    case equal
    case notEqual
    case less
    case lessOrEqual
    case greater
    case greaterOrEqual

    case leftShift
    case rightShift
    case zeroFillRightShift
    case ampersand
    case pipe
    case caret
    case doublePipe
}
