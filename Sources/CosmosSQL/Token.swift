/// One lexical token with its exact source text, so errors can quote what the user wrote.
struct Token: Sendable {
    var kind: TokenKind
    /// The token exactly as written (string literals include their quotes).
    var text: String
    /// The decoded value of a string literal; empty for every other kind.
    var stringValue: String
    /// Where the token starts.
    var location: SourceLocation

    init(kind: TokenKind, text: String, stringValue: String = "", location: SourceLocation) {
        self.kind = kind
        self.text = text
        self.stringValue = stringValue
        self.location = location
    }

    /// Identifiers and keywords: the tokens that may name a property after `.` or key an object literal.
    var isWord: Bool {
        switch kind {
        case .identifier, .keyword: true
        default: false
        }
    }

    func isKeyword(_ keyword: Keyword) -> Bool {
        kind == .keyword(keyword)
    }

    /// Longest token text quoted in an error; keeps messages readable for huge identifiers or strings.
    static let maximumQuotedLength = 64

    /// The token text as quoted in error messages.
    var quotedText: String {
        Token.shortened(text)
    }

    static func shortened(_ text: String) -> String {
        guard text.utf8.count > maximumQuotedLength, text.count > maximumQuotedLength else { return text }
        return String(text.prefix(maximumQuotedLength)) + "..."
    }
}
