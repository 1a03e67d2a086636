/// Where a FROM or JOIN clause takes its values from.
public indirect enum CollectionSource: Sendable, Hashable {
    /// A bare container reference in FROM (`FROM c`, `FROM root`, `FROM Families`). Any name refers to the queried container.
    case container(name: String)
    /// A property path: an identifier followed by `.name`, `["name"]` or `[integer]` steps,
    /// i.e. only `.identifier`, `.property` and `.index(_, .literal(.integer))` nodes.
    case path(Expression)
    /// `(SELECT ...)`.
    case subquery(SelectQuery)

    /// The alias used when the query gives none: the container name, or the last property name of a path
    /// (`FROM c.children` binds `children`). `nil` when the source cannot name itself (subqueries, paths ending in an
    /// index or in a property name that is not a plain identifier); such sources need an explicit alias.
    public var defaultAlias: String? {
        switch self {
        case .container(let name):
            name
        case .path(.property(_, let name)) where Keyword.isPlainIdentifier(name):
            name
        case .path, .subquery:
            nil
        }
    }
}
