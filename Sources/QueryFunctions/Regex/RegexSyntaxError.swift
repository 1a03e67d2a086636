/// Why a `RegexMatch` pattern was refused: malformed syntax, a construct the linear-time engine does not implement, or a
/// pattern whose compiled program would be too large. `RegexMatch` reports it as a ``FunctionError``.
struct RegexSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the offending construct.
    var message: String
    /// The offset, in Unicode scalars from the start of the pattern, where the problem was found (`nil` when the
    /// pattern as a whole is at fault, such as a program over the size limit).
    var offset: Int?

    init(_ message: String, at offset: Int? = nil) {
        self.message = message
        self.offset = offset
    }

    var description: String {
        guard let offset else { return self.message }
        return "\(self.message) (at offset \(offset))"
    }
}
