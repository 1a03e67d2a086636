public import CosmosSQL

/// Why a query cannot run: a syntax error (with its location), a construct or function the engine does not support,
/// a missing or malformed parameter, an invalid continuation token, or a semantic error (such as an aggregate in
/// WHERE). Never a silent wrong answer: any of these stops the query.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case syntax
        case unsupported
        case invalidQuery
        case invalidParameter
        case invalidContinuation
        case evaluation
    }

    public let kind: Kind
    public let message: String
    /// Where in the query text, when known.
    public let location: SourceLocation?

    public init(_ kind: Kind, _ message: String, location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    init(_ error: SyntaxError) {
        self.init(.syntax, error.description, location: error.location)
    }

    public var description: String {
        if let location, self.kind != .syntax {
            return "\(self.message) (at line \(location.line), column \(location.column))"
        }
        return self.message
    }
}
