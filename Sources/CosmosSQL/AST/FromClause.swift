/// The FROM clause: one input set bound to `alias`.
///
/// - `FROM c` is `.container("c")` with alias `c`; `FROM root r` is `.container("root")` with alias `r`.
/// - `FROM c.children ch` is `.path(c.children)` with alias `ch`; the first identifier of a FROM path names the container.
/// - `FROM x IN c.arr` iterates: `iterates == true`, alias `x`, source `.path(c.arr)` (a bare `x IN c` is `.path(c)`).
/// - `FROM (SELECT ...) s` is `.subquery` with alias `s`.
public struct FromClause: Sendable, Hashable {
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
