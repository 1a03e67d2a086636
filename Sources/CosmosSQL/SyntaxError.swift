/// The single error type of the parser: what went wrong, where, and the source text of the token that was rejected.
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong or what was expected, e.g. "expected LIMIT after the OFFSET count".
    public var message: String
    /// Where the offending token starts.
    public var location: SourceLocation
    /// Source text of the offending token (shortened when very long); empty at the end of the input.
    public var token: String
    /// How many UTF-8 bytes of the query the offending token spans (0 at the end of the input), so that a client can
    /// mark it.
    public var length: Int

    /// `length` defaults to the size of `token`, which is right whenever `token` is the source text unshortened.
    public init(message: String, location: SourceLocation, token: String, length: Int? = nil) {
        self.message = message
        self.location = location
        self.token = token
        self.length = length ?? token.utf8.count
    }

    /// Whether the query ended where more was expected.
    public var isAtEndOfInput: Bool {
        self.token.isEmpty
    }

    /// The error message used whenever a query would exceed the parser's nesting or expression-size limits.
    public static let nestedTooDeeplyMessage = "expression nested too deeply"

    public var description: String {
        let near = self.isAtEndOfInput ? "at end of input" : "near '\(token)'"
        return "Syntax error at line \(location.line), column \(location.column) \(near): \(message)"
    }
}
