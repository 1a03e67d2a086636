/// A failure the service reports as a 400 (bad request), such as an invalid regular expression.
///
/// Wrong argument types are not errors: those functions return undefined (`nil`).
public struct FunctionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { self.message }
}
