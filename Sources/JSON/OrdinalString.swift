/// A string that compares and hashes by its code points (its UTF-8 bytes), for sets and dictionary keys.
///
/// JSON strings are sequences of code points, and the query language compares them ordinally, but Swift's `String`
/// equality is canonical equivalence: it treats "é" (U+00E9) and "e\u{301}", or "K" and the Kelvin sign U+212A, as
/// equal. ``JSONValue`` and ``JSONObject`` use the static helpers here; use the wrapper where a `Set` or `Dictionary`
/// must keep such strings apart.
public struct OrdinalString: Hashable, Sendable {
    public var value: String

    public init(_ value: String) {
        self.value = value
    }

    public static func == (lhs: OrdinalString, rhs: OrdinalString) -> Bool {
        self.areEqual(lhs.value, rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
        Self.hash(self.value, into: &hasher)
    }

    /// Whether two strings have the same code points (byte equality of their UTF-8).
    @inlinable
    public static func areEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8
        let right = rhs.utf8
        guard left.count == right.count else { return false }
        let contiguous = left.withContiguousStorageIfAvailable { leftBytes in
            right.withContiguousStorageIfAvailable { rightBytes in leftBytes.elementsEqual(rightBytes) }
        }
        if case let equal?? = contiguous { return equal }
        return left.elementsEqual(right)
    }

    /// Hashes the UTF-8 bytes (consistent with ``areEqual(_:_:)``; `String`'s own hash normalises first).
    public static func hash(_ string: String, into hasher: inout Hasher) {
        let utf8 = string.utf8
        hasher.combine(utf8.count)
        if utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            for byte in utf8 { hasher.combine(byte) }
        }
    }
}
