/// The count of `TOP`, `OFFSET` or `LIMIT`: a non-negative integer literal or a parameter resolved at execution time.
public enum CountValue: Sendable, Hashable {
    case literal(Int64)
    /// Parameter name including the leading `@`.
    case parameter(String)
}
