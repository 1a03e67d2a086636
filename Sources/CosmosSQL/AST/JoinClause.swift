/// One JOIN: `JOIN t IN c.tags` (iterates), `JOIN c.tags t`, `JOIN t IN (SELECT ...)` or `JOIN (SELECT ...) t`.
///
/// JOIN sources are never `.container`: a bare `JOIN x` is `.path(.identifier("x"))`, where `x` names an alias in scope.
public struct JoinClause: Sendable, Hashable {
    public var alias: String
    public var source: CollectionSource
    /// `true` for `alias IN source`: the alias binds to each element of the source array.
    public var iterates: Bool

    public init(alias: String, source: CollectionSource, iterates: Bool = false) {
        self.alias = alias
        self.source = source
        self.iterates = iterates
    }
}
