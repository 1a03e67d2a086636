/// A zero-width test of the position between two scalars: the anchors `^ $ \A \z \Z` and the word boundaries
/// `\b \B`. The only newline is the line feed, as in PCRE's default configuration.
enum RegexAssertion: Sendable, Hashable {
    /// `\A`, and `^` outside multiline mode: the start of the text.
    case startOfText
    /// `^` in multiline mode: the start of the text or just after a line feed that is not the text's last scalar
    /// (PCRE does not start a new line after a final newline).
    case startOfLine
    /// `\z`: the end of the text.
    case endOfText
    /// `\Z`, and `$` outside multiline mode: the end of the text or just before a line feed that ends it.
    case endOfTextOrFinalNewline
    /// `$` in multiline mode: the end of the text or just before any line feed.
    case endOfLine
    /// `\b`: between a word scalar (`\w`, ASCII) and a non-word scalar or either end of the text.
    case wordBoundary
    /// `\B`: anywhere `\b` does not hold.
    case notWordBoundary

    /// Whether the assertion holds at `position` (0 through `scalars.count`).
    func holds(at position: Int, in scalars: [Unicode.Scalar]) -> Bool {
        let newline: Unicode.Scalar = "\n"
        switch self {
        case .startOfText:
            return position == 0
        case .startOfLine:
            return position == 0 || (position < scalars.count && scalars[position - 1] == newline)
        case .endOfText:
            return position == scalars.count
        case .endOfTextOrFinalNewline:
            return position == scalars.count || (position == scalars.count - 1 && scalars[position] == newline)
        case .endOfLine:
            return position == scalars.count || scalars[position] == newline
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && Self.isWordScalar(scalars[position - 1])
            let after = position < scalars.count && Self.isWordScalar(scalars[position])
            return (before != after) == (self == .wordBoundary)
        }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        RegexCharacterSet.wordCharacters.contains(scalar.value)
    }
}
