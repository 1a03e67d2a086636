/// A parsed `RegexMatch` pattern: the syntax tree ``RegexParser`` builds and ``RegexCompiler`` turns into a
/// ``RegexProgram``. Groups of every kind leave no node of their own (nothing is captured), and modifiers are already
/// applied: a case-insensitive literal is a class of its case-equivalents, `^` in multiline mode is
/// ``RegexAssertion/startOfLine``, and so on.
indirect enum RegexNode: Sendable, Hashable {
    /// Matches the empty string (an empty pattern, group or alternative).
    case empty
    /// Consumes one scalar the class accepts.
    case characterClass(RegexCharacterClass)
    /// A zero-width test.
    case assertion(RegexAssertion)
    /// Each node in turn.
    case concatenation([RegexNode])
    /// Any one of the nodes.
    case alternation([RegexNode])
    /// The node repeated at least `minimum` and at most `maximum` times (`nil`: unbounded). Lazy forms are the same
    /// node, since only whether a match exists is asked.
    case repetition(RegexNode, minimum: Int, maximum: Int?)
}
