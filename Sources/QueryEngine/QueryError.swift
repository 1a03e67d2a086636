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
    /// For a `.syntax` error, the offending token's extent in the query text, in UTF-16 code units (the unit in
    /// which clients in .NET, Java and JavaScript index strings; the same as bytes for ASCII); empty at its end.
    public let syntaxSpan: Range<Int>?
    /// For a `.syntax` error, whether the query ended where more was expected.
    public let endsTooSoon: Bool

    public init(_ kind: Kind, _ message: String, location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.syntaxSpan = nil
        self.endsTooSoon = false
    }

    /// The parser's `error` in `text`, the query it parsed.
    init(_ error: SyntaxError, in text: String) {
        self.kind = .syntax
        self.message = error.description
        self.location = error.location
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: error.location.offset, limitedBy: utf8.endIndex) ?? utf8.endIndex
        let end = utf8.index(start, offsetBy: error.length, limitedBy: utf8.endIndex) ?? utf8.endIndex
        let utf16Start = text.utf16.distance(from: text.utf16.startIndex, to: start)
        self.syntaxSpan = utf16Start..<(utf16Start + text.utf16.distance(from: start, to: end))
        self.endsTooSoon = error.isAtEndOfInput
    }

    public var description: String {
        if let location, self.kind != .syntax {
            return "\(self.message) (at line \(location.line), column \(location.column))"
        }
        return self.message
    }
}
