/// Why an Avro file could not be read, with the position when it is about the data.
public struct AvroError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    static func schema(_ message: String) -> AvroError { AvroError("invalid schema: \(message)") }
    static func truncated(_ what: String) -> AvroError { AvroError("the data ends in the middle of \(what)") }

    public var description: String { self.message }
}
