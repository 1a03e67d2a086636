import JSON

/// The names a row binds: the FROM alias (often a stored document, read lazily) and JOIN aliases, plus the scope of
/// the enclosing query for correlated subqueries.
struct Scope {
    enum Binding {
        case document(LazyDocument)
        case value(JSONValue?)
    }

    private(set) var names: [String] = []
    private(set) var bindings: [Binding] = []

    init() {}

    func binding(_ name: String) -> Binding? {
        // Later bindings shadow earlier ones (a subquery's alias over the outer query's).
        for index in self.names.indices.reversed() where self.names[index] == name {
            return self.bindings[index]
        }
        return nil
    }

    func isBound(_ name: String) -> Bool {
        self.names.contains(name)
    }

    func binding(_ name: String, to binding: Binding) -> Scope {
        var copy = self
        copy.names.append(name)
        copy.bindings.append(binding)
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
