public import JSON

/// How a container derives a document's partition key: the JSON paths (one, or up to three for hierarchical keys),
/// the kind, and the hash version (Cosmolite computes version 2 effective partition keys).
public struct PartitionKeyDefinition: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// One path; the whole key is hashed at once.
        case hash = "Hash"
        /// Hierarchical keys: up to three paths, each hashed on its own so that a key prefix selects a range.
        case multiHash = "MultiHash"
    }

    /// JSON paths such as `/deviceId` or `/address/city`.
    public var paths: [String]
    public var kind: Kind
    public var version: Int

    public init(paths: [String], kind: Kind? = nil, version: Int = 2) {
        self.paths = paths
        self.kind = kind ?? (paths.count > 1 ? .multiHash : .hash)
        self.version = version
    }

    /// A single-path hash key.
    public init(path: String) {
        self.init(paths: [path])
    }

    /// Each path split into its property names (`/a/b` -> `["a", "b"]`).
    public var segments: [[String]] {
        self.paths.map { JSONPath.segments(of: $0) ?? [] }
    }

    /// Checks the definition the way the service does.
    public func validate() throws(StoreError) {
        guard !self.paths.isEmpty else {
            throw StoreError(.badRequest, "a partition key needs at least one path, such as \"/pk\"")
        }
        guard self.paths.count <= 3 else {
            throw StoreError(.badRequest, "a hierarchical partition key has at most 3 paths, got \(self.paths.count)")
        }
        if self.kind == .hash && self.paths.count != 1 {
            throw StoreError(.badRequest, "a partition key of kind Hash has exactly one path; use MultiHash for several")
        }
        for path in self.paths where JSONPath.segments(of: path) == nil {
            throw StoreError(.badRequest, "invalid partition key path '\(path)': expected a path like /name or /a/b")
        }
        guard self.version == 1 || self.version == 2 else {
            throw StoreError(.badRequest, "partition key version must be 1 or 2, got \(self.version)")
        }
        if self.version == 1 {
            throw StoreError(.badRequest, "partition key version 1 is not supported by Cosmolite; use version 2")
        }
    }

    /// The Cosmos JSON form (`{"paths": [...], "kind": "Hash", "version": 2}`).
    public var jsonValue: JSONValue {
        ["paths": .array(self.paths.map(JSONValue.string)), "kind": .string(self.kind.rawValue), "version": .integer(Int64(self.version))]
    }

    /// Reads the Cosmos JSON form.
    public init(json: JSONValue) throws(StoreError) {
        guard case .object(let object) = json, case .array(let paths)? = object["paths"] else {
            throw StoreError(.badRequest, "partitionKey must be an object with a \"paths\" array")
        }
        var pathStrings: [String] = []
        for path in paths {
            guard case .string(let text) = path else {
                throw StoreError(.badRequest, "partitionKey.paths must contain strings")
            }
            pathStrings.append(text)
        }
        var kind: Kind?
        if let kindValue = object["kind"] {
            guard case .string(let text) = kindValue, let parsed = Kind(rawValue: text) else {
                throw StoreError(.badRequest, "partitionKey.kind must be \"Hash\" or \"MultiHash\"")
            }
            kind = parsed
        }
        var version = 2
        if let versionValue = object["version"], !versionValue.isNull {
            guard let number = versionValue.integerValue else {
                throw StoreError(.badRequest, "partitionKey.version must be 1 or 2")
            }
            version = Int(number)
        }
        self.init(paths: pathStrings, kind: kind, version: version)
    }
}
