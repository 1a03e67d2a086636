/// A compiled `RegexMatch` pattern: a Thompson NFA laid out as instructions (as in RE2's and Pike's VMs), which
/// ``RegexMatcher`` simulates over every state at once, so matching takes time proportional to the program's size
/// times the text's length, whatever the pattern.
///
/// Execution starts at instruction 0. Instructions other than ``Instruction/split(_:_:)`` and
/// ``Instruction/jump(_:)`` continue with the next one.
struct RegexProgram: Sendable, Hashable {
    enum Instruction: Sendable, Hashable {
        /// Consumes this scalar.
        case scalar(Unicode.Scalar)
        /// Consumes any scalar.
        case anyScalar
        /// Consumes a scalar the class at this index of ``RegexProgram/classes`` accepts.
        case characterClass(Int)
        /// Continues only where the assertion holds, consuming nothing.
        case assertion(RegexAssertion)
        /// Continues at both instructions.
        case split(Int, Int)
        /// Continues at the instruction.
        case jump(Int)
        /// The pattern has matched.
        case match
    }

    /// The most instructions a program may have, which bounds both compiling and the work per text scalar.
    static let maximumInstructionCount = 10_000

    var instructions: [Instruction]
    var classes: [RegexCharacterClass]
    /// Whether every match must start at the start of the text (the pattern begins with `\A`, or `^` outside
    /// multiline mode, in every alternative), so no later start need be tried.
    var isAnchoredAtStart: Bool
}
