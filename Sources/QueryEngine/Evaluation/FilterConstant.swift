import JSON

/// The constant side of a ``DirectFilter`` test, prepared once per query: a string keeps its UTF-8 bytes so that
/// stored strings compare without being decoded. A class, so that reading a test per row costs one reference count.
final class FilterConstant: Sendable {
    let value: JSONValue
    /// The UTF-8 bytes of a string constant (empty otherwise).
    let utf8: [UInt8]

    init(_ value: JSONValue) {
        self.value = value
        if case .string(let string) = value {
            self.utf8 = Array(string.utf8)
        } else {
            self.utf8 = []
        }
    }
}
