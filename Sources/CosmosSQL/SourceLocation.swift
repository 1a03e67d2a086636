/// A position in the query text, carried by syntax errors and function calls so messages can point at the source.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Zero-based offset in UTF-8 bytes from the start of the query text.
    public var offset: Int
    /// One-based line number; only "\n" starts a new line.
    public var line: Int
    /// One-based column, counted in Unicode scalars from the start of the line.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The location of the first character of a query.
    public static let start = SourceLocation(offset: 0, line: 1, column: 1)

    public var description: String {
        "line \(line), column \(column)"
    }
}
