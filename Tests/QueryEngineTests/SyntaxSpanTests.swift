import QueryEngine
import Testing

/// A syntax error names the whole offending token, in UTF-16 code units of the query, as the service's
/// `{"start", "end"}` positions do (for example 0 and 9 for `selectttt`), and an empty span at the end of a query that
/// stops too soon.
@Suite struct SyntaxSpanTests {
    /// The error `text` raises, and the text its span covers.
    private func failure(_ text: String) throws -> (error: QueryError, covered: String) {
        let error = try #require(throws: QueryError.self) { try InMemoryQuery.run(text, over: []) }
        let span = try #require(error.syntaxSpan)
        let units = Array(text.utf16)
        #expect(span.upperBound <= units.count)
        return (error, String(decoding: units[span], as: UTF16.self))
    }

    @Test func spansTheWholeOffendingToken() throws {
        let misspelt = try self.failure("selectttt * from c")
        #expect(misspelt.error.syntaxSpan == 0..<9 && misspelt.covered == "selectttt" && !misspelt.error.endsTooSoon)
        #expect(try self.failure("SELECT c.a AS Value FROM c").covered == "Value")
        #expect(try self.failure("SELECT * FROM c WHERE c.n = = 3").covered == "=")
        #expect(try self.failure("SELECT * FROM c WHERE c.x = 1e").covered == "1e")
    }

    @Test func countsUTF16UnitsBeforeAndInsideTheToken() throws {
        // 'é' is 2 bytes and 1 unit, '😀' 4 bytes and 2 units: byte offsets would land 4 units too far.
        let text = "SELECT 'é😀' AS e FROM c WHERE c.n ! 2"
        let found = try self.failure(text)
        #expect(found.covered == "!")
        #expect(found.error.syntaxSpan?.lowerBound == "SELECT 'é😀' AS e FROM c WHERE c.n ".utf16.count)
        #expect(try self.failure("SELECT * FROM c WHERE c.s = 'héllo 😀").covered == "'héllo 😀")
    }

    @Test func aLongTokenIsSpannedInFullThoughItsQuoteIsShortened() throws {
        let literal = "'" + String(repeating: "x", count: 500)
        let found = try self.failure("SELECT * FROM c WHERE c.s = " + literal)
        #expect(found.covered == literal)
        #expect(found.error.message.count < 400)
    }

    @Test func aQueryThatStopsTooSoonHasAnEmptySpanAtItsEnd() throws {
        let text = "SELECT *\nFROM c\nWHERE c.n >"
        let found = try self.failure(text)
        #expect(found.error.endsTooSoon)
        #expect(found.error.syntaxSpan == text.utf16.count..<text.utf16.count)
    }

    @Test func otherErrorsHaveNoSpan() throws {
        let unknown = try #require(throws: QueryError.self) { try InMemoryQuery.run("SELECT VALUE NOSUCH(1) FROM c", over: []) }
        #expect(unknown.kind == .unsupported && unknown.syntaxSpan == nil && !unknown.endsTooSoon)
    }
}
