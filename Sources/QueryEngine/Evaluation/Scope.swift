import JSON

/// The names a row binds: the FROM alias (often a stored document, read lazily) and JOIN aliases, plus the scope of
/// the enclosing query for correlated subqueries.
struct Scope {
    enum Binding {
        case document(LazyDocument)
        case value(JSONValue?)
    }

    /// Name and binding pairs in binding order (one array: a row is bound once per document).
    private var entries: [(name: String, binding: Binding)] = []

    init() {}

    var names: [String] { self.entries.map(\.name) }

    /// The most recent binding (what `SELECT *` returns: JOINs, which would add more, are not allowed with it).
    var lastBinding: Binding? { self.entries.last?.binding }

    func binding(_ name: String) -> Binding? {
        // Later bindings shadow earlier ones (a subquery's alias over the outer query's).
        for entry in self.entries.reversed() where entry.name == name {
            return entry.binding
        }
        return nil
    }

    func isBound(_ name: String) -> Bool {
        self.entries.contains { $0.name == name }
    }

    func binding(_ name: String, to binding: Binding) -> Scope {
        var copy = self
        copy.entries.append((name, binding))
        return copy
    }

    /// The value of an alias (a document becomes its full JSON).
    func value(of name: String) -> JSONValue?? {
        switch self.binding(name) {
        case .document(let document)?: .some(document.value())
        case .value(let value)?: .some(value)
        case nil: nil
        }
    }
}
