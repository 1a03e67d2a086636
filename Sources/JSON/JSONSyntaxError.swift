/// Why a text is not JSON, and where: the byte offset of the first offending byte.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in words a user can act on (for example "trailing comma before '}'").
    public var reason: String
    /// Zero-based byte offset into the input where the problem was found.
    public var offset: Int

    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        "invalid JSON at byte \(self.offset): \(self.reason)"
    }
}
