public import JSON

/// What a user chooses when creating or replacing a container.
///
/// The JSON form is the Cosmos container resource (`id`, `partitionKey`, `indexingPolicy`, `defaultTtl`,
/// `uniqueKeyPolicy`, `computedProperties`), plus an optional `cosmolite` object with Cosmolite's own settings:
/// `idSourcePath` (take the document id from this path when `id` is absent, e.g. `/eventId`), `partitionKeyRangeCount`
/// and `throughput` (``Throughput``'s JSON form). Properties Cosmolite does not interpret (such as
/// `conflictResolutionPolicy`) are kept and echoed back; `geospatialConfig` must be the default `Geography`.
public struct ContainerDefinition: Sendable, Hashable {
    public var id: String
    public var partitionKey: PartitionKeyDefinition
    public var indexingPolicy: IndexingPolicy
    /// `nil`: TTL off; `-1`: on without a default; `n > 0`: items expire `n` seconds after their last write.
    public var defaultTimeToLive: Int?
    /// Each unique key is a list of paths whose combined values must be unique within a logical partition.
    public var uniqueKeys: [[String]]
    /// Properties that queries compute from each document (``ComputedProperty``).
    public var computedProperties: [ComputedProperty]
    /// Where to read the id from when a document has no `id` (idempotent event ingestion keyed on `/eventId`).
    public var idSourcePath: String?
    /// How many partition key ranges split the effective partition key space (at least 1).
    public var partitionKeyRangeCount: Int
    /// The container's own throughput; `nil` when it shares its database's, or when it was not given (see
    /// ``Throughput/implied(byRangeCount:)``).
    public var throughput: Throughput?
    /// Other properties of the definition, kept verbatim.
    public var additionalProperties: JSONObject

    public init(
        id: String,
        partitionKey: PartitionKeyDefinition,
        indexingPolicy: IndexingPolicy = IndexingPolicy(),
        defaultTimeToLive: Int? = nil,
        uniqueKeys: [[String]] = [],
        computedProperties: [ComputedProperty] = [],
        idSourcePath: String? = nil,
        partitionKeyRangeCount: Int = 1,
        throughput: Throughput? = nil,
        additionalProperties: JSONObject = [:]
    ) {
        self.id = id
        self.partitionKey = partitionKey
        self.indexingPolicy = indexingPolicy
        self.defaultTimeToLive = defaultTimeToLive
        self.uniqueKeys = uniqueKeys
        self.computedProperties = computedProperties
        self.idSourcePath = idSourcePath
        self.partitionKeyRangeCount = partitionKeyRangeCount
        self.throughput = throughput
        self.additionalProperties = additionalProperties
    }

    /// A container partitioned on one path.
    public init(id: String, partitionKeyPath: String, defaultTimeToLive: Int? = nil) {
        self.init(id: id, partitionKey: PartitionKeyDefinition(path: partitionKeyPath), defaultTimeToLive: defaultTimeToLive)
    }

    /// The throughput the container has of its own in `database`: its definition's or, for a container stored before
    /// throughput was kept, the rate its ranges imply; `nil` when it shares the database's.
    public func ownThroughput(in database: DatabaseProperties) -> Throughput? {
        self.throughput ?? (database.throughput == nil ? Throughput.implied(byRangeCount: self.partitionKeyRangeCount) : nil)
    }

    /// The largest number of partition key ranges a container may have.
    public static let maximumPartitionKeyRangeCount = 64

    public func validate() throws(StoreError) {
        try ResourceName.validateName(self.id, kind: "container")
        try self.partitionKey.validate()
        try self.indexingPolicy.validate()
        try TimeToLive.validateDefault(self.defaultTimeToLive)
        for uniqueKey in self.uniqueKeys {
            guard !uniqueKey.isEmpty, uniqueKey.count <= 16 else {
                throw StoreError(.badRequest, "a unique key needs between 1 and 16 paths")
            }
            for path in uniqueKey where JSONPath.segments(of: path) == nil {
                throw StoreError(.badRequest, "invalid unique key path '\(path)'")
            }
        }
        guard self.uniqueKeys.count <= 10 else {
            throw StoreError(.badRequest, "a container has at most 10 unique keys")
        }
        try ComputedProperty.validate(self.computedProperties)
        try Self.validateGeospatialConfiguration(self.additionalProperties["geospatialConfig"])
        if let idSourcePath, JSONPath.segments(of: idSourcePath) == nil {
            throw StoreError(.badRequest, "invalid idSourcePath '\(idSourcePath)': expected a path like /eventId")
        }
        guard (1...Self.maximumPartitionKeyRangeCount).contains(self.partitionKeyRangeCount) else {
            throw StoreError(
                .badRequest,
                "partitionKeyRangeCount must be between 1 and \(Self.maximumPartitionKeyRangeCount), got \(self.partitionKeyRangeCount)"
            )
        }
        try self.throughput?.validate()
    }

    /// Spatial functions and indexes work on the WGS-84 ellipsoid, the service's default `Geography`. A container
    /// that asks for planar `Geometry` would get ellipsoidal answers to every spatial query, so it is refused.
    private static func validateGeospatialConfiguration(_ configuration: JSONValue?) throws(StoreError) {
        guard let configuration, !configuration.isNull else { return }
        switch configuration["type"] {
        case .string("Geography")?:
            return
        case .string("Geometry")?:
            throw StoreError(
                .badRequest,
                "geospatialConfig type Geometry (planar coordinates) is not supported by Cosmolite: spatial functions and indexes "
                    + "work on the WGS-84 ellipsoid, the service's default type Geography"
            )
        default:
            throw StoreError(.badRequest, "geospatialConfig must be {\"type\": \"Geography\"} or {\"type\": \"Geometry\"}")
        }
    }

    // MARK: JSON

    private static let interpretedKeys: Set<String> = [
        "id", "partitionKey", "indexingPolicy", "defaultTtl", "uniqueKeyPolicy", "computedProperties", "cosmolite",
        "_rid", "_self", "_etag", "_ts", "_docs", "_sprocs", "_triggers", "_udfs", "_conflicts",
    ]

    /// Reads and checks the Cosmos JSON form of a container definition.
    public init(json: JSONValue) throws(StoreError) {
        try self.init(parsing: json, stored: false)
        try self.validate()
    }

    /// Reads a definition from the catalog, where it was checked when written. Computed properties that a build
    /// before they were interpreted kept verbatim, and that the rules now refuse, stay verbatim and uninterpreted.
    init(storedJSON json: JSONValue) throws(StoreError) {
        try self.init(parsing: json, stored: true)
    }

    private init(parsing json: JSONValue, stored: Bool) throws(StoreError) {
        guard case .object(let object) = json else {
            throw StoreError(.badRequest, "a container definition must be a JSON object")
        }
        guard case .string(let id)? = object["id"] else {
            throw StoreError(.badRequest, "a container definition needs an \"id\" string")
        }
        guard let partitionKeyJSON = object["partitionKey"] else {
            throw StoreError(.badRequest, "a container definition needs a \"partitionKey\" such as {\"paths\": [\"/pk\"]}")
        }
        let partitionKey = try PartitionKeyDefinition(json: partitionKeyJSON)
        let indexingPolicy = try object["indexingPolicy"].map { (value) throws(StoreError) in try IndexingPolicy(json: value) }
            ?? IndexingPolicy()
        var defaultTimeToLive: Int?
        if let ttl = object["defaultTtl"], !ttl.isNull {
            guard let integer = ttl.integerValue, let seconds = Int(exactly: integer) else {
                throw StoreError(.badRequest, "defaultTtl must be a whole number of seconds")
            }
            defaultTimeToLive = seconds
        }
        var uniqueKeys: [[String]] = []
        if let policy = object["uniqueKeyPolicy"], !policy.isNull {
            guard case .array(let keys)? = policy["uniqueKeys"] else {
                throw StoreError(.badRequest, "uniqueKeyPolicy must be {\"uniqueKeys\": [{\"paths\": [...]}]}")
            }
            for key in keys {
                guard case .array(let paths)? = key["paths"] else {
                    throw StoreError(.badRequest, "every unique key needs a \"paths\" array")
                }
                uniqueKeys.append(paths.compactMap(\.stringValue))
            }
        }
        var computedProperties: [ComputedProperty] = []
        var uninterpretedComputedProperties: JSONValue?
        if let list = object["computedProperties"], !list.isNull {
            do throws(StoreError) {
                computedProperties = try ComputedProperty.list(json: list)
                if stored { try ComputedProperty.validate(computedProperties) }
            } catch where stored {
                computedProperties = []
                uninterpretedComputedProperties = list
            }
        }
        var idSourcePath: String?
        var rangeCount = 1
        var throughput: Throughput?
        if let settings = object["cosmolite"], !settings.isNull {
            guard case .object(let settings) = settings else {
                throw StoreError(.badRequest, "\"cosmolite\" must be an object")
            }
            if let path = settings["idSourcePath"], !path.isNull {
                guard case .string(let text) = path else {
                    throw StoreError(.badRequest, "cosmolite.idSourcePath must be a string")
                }
                idSourcePath = text
            }
            if let count = settings["partitionKeyRangeCount"], !count.isNull {
                guard let integer = count.integerValue, let value = Int(exactly: integer) else {
                    throw StoreError(.badRequest, "cosmolite.partitionKeyRangeCount must be a whole number")
                }
                rangeCount = value
            }
            if let value = settings["throughput"], !value.isNull {
                throughput = try Throughput(json: value)
            }
        }
        var additional = JSONObject()
        for member in object where !Self.interpretedKeys.contains(member.key) {
            additional.append(key: member.key, value: member.value)
        }
        if let uninterpretedComputedProperties {
            additional.append(key: "computedProperties", value: uninterpretedComputedProperties)
        }
        self.init(
            id: id,
            partitionKey: partitionKey,
            indexingPolicy: indexingPolicy,
            defaultTimeToLive: defaultTimeToLive,
            uniqueKeys: uniqueKeys,
            computedProperties: computedProperties,
            idSourcePath: idSourcePath,
            partitionKeyRangeCount: rangeCount,
            throughput: throughput,
            additionalProperties: additional
        )
    }

    /// The Cosmos JSON form (without system properties).
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "id": .string(self.id),
            "indexingPolicy": self.indexingPolicy.jsonValue,
            "partitionKey": self.partitionKey.jsonValue,
        ]
        if let defaultTimeToLive = self.defaultTimeToLive {
            object["defaultTtl"] = .integer(Int64(defaultTimeToLive))
        }
        if !self.uniqueKeys.isEmpty {
            object["uniqueKeyPolicy"] = [
                "uniqueKeys": .array(self.uniqueKeys.map { ["paths": .array($0.map(JSONValue.string))] })
            ]
        }
        if !self.computedProperties.isEmpty {
            object["computedProperties"] = .array(self.computedProperties.map(\.jsonValue))
        }
        var settings: JSONObject = ["partitionKeyRangeCount": .integer(Int64(self.partitionKeyRangeCount))]
        if let idSourcePath = self.idSourcePath {
            settings["idSourcePath"] = .string(idSourcePath)
        }
        if let throughput = self.throughput {
            settings["throughput"] = throughput.jsonValue
        }
        object["cosmolite"] = .object(settings)
        for member in self.additionalProperties {
            object[member.key] = member.value
        }
        return .object(object)
    }
}
