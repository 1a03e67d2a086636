/// What a function may know about the query that calls it.
///
/// The clock is read once per query so that every current-time function (`GetCurrentDateTime`, `GetCurrentTicks`,
/// `GetCurrentTimestamp`, their `Static` variants, `NOW` and `AGO`) agrees within one query.
public struct FunctionContext: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z at the start of the query.
    public var nowMillis: Int64

    public init(nowMillis: Int64) {
        self.nowMillis = nowMillis
    }
}
