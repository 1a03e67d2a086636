import JSON

/// A computed property of a container: a top-level name whose value a query derives from each document
/// (`{"name": "cp_lowerName", "query": "SELECT VALUE LOWER(c.name) FROM c"}`), as the service's `computedProperties`.
///
/// Nothing is stored: queries that name the property evaluate its query on the document, and `SELECT *`, point reads
/// and the change feed return the document as written. The store checks the names; the query engine checks the
/// queries (`ContainerDefinition.validateComputedProperties()` in QueryEngine) because only it knows the language.
public struct ComputedProperty: Sendable, Hashable {
    public var name: String
    public var query: String

    public init(name: String, query: String) {
        self.name = name
        self.query = query
    }

    /// The service's limit per container.
    public static let maximumCount = 20
    /// System properties a computed property may not hide.
    static let reservedNames: Set<String> = ["id", "_rid", "_ts", "_etag", "_self", "_attachments", "_lsn"]

    /// Reads the `computedProperties` array of a container definition.
    static func list(json: JSONValue) throws(StoreError) -> [ComputedProperty] {
        guard case .array(let elements) = json else {
            throw StoreError(.badRequest, "computedProperties must be an array of {\"name\": ..., \"query\": ...} objects")
        }
        var properties: [ComputedProperty] = []
        for element in elements {
            guard case .string(let name)? = element["name"], case .string(let query)? = element["query"] else {
                throw StoreError(.badRequest, "every computed property needs a \"name\" string and a \"query\" string")
            }
            properties.append(ComputedProperty(name: name, query: query))
        }
        return properties
    }

    /// Checks the names of `properties`: at most 20, distinct, top-level and not a system property's.
    static func validate(_ properties: [ComputedProperty]) throws(StoreError) {
        guard properties.count <= self.maximumCount else {
            throw StoreError(.badRequest, "a container has at most \(self.maximumCount) computed properties, got \(properties.count)")
        }
        var seen: Set<String> = []
        for property in properties {
            guard !property.name.isEmpty, !property.name.contains("/") else {
                throw StoreError(.badRequest, "computed property name '\(property.name)' must be a non-empty top-level property name")
            }
            guard !self.reservedNames.contains(property.name) else {
                throw StoreError(.badRequest, "computed property name '\(property.name)' is a system property's name")
            }
            guard seen.insert(property.name).inserted else {
                throw StoreError(.badRequest, "computed property name '\(property.name)' is used twice")
            }
            guard !property.query.isEmpty else {
                throw StoreError(.badRequest, "computed property '\(property.name)' has an empty query")
            }
        }
    }

    var jsonValue: JSONValue {
        ["name": .string(self.name), "query": .string(self.query)]
    }
}
