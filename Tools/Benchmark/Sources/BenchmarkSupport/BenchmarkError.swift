/// A failure of the benchmark itself (not of an engine or the server), with a message for the person running it.
public struct BenchmarkError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
