/// A container as stored in the catalog: the user's definition plus what the store assigned.
public struct ContainerProperties: Sendable, Hashable {
    public let definition: ContainerDefinition
    public let databaseID: String
    public let databaseNumber: UInt32
    /// Internal number, never reused: the key prefix of everything the container stores.
    public let number: UInt32
    /// Seconds since 1970 of the last change to the definition.
    public let timestamp: Int64
    public let etag: String
    public let partitionKeyRanges: [PartitionKeyRange]
    /// The definition's paths, parsed once: what every write and every query plan of the container consults.
    public let resolvedIndexingPolicy: ResolvedIndexingPolicy
    public let partitionKeySegments: [[String]]
    let idSourceSegments: [String]?
    let uniqueKeySegments: [[[String]]]

    init(definition: ContainerDefinition, databaseID: String, databaseNumber: UInt32, number: UInt32, timestamp: Int64, etag: String) {
        self.definition = definition
        self.databaseID = databaseID
        self.databaseNumber = databaseNumber
        self.number = number
        self.timestamp = timestamp
        self.etag = etag
        self.partitionKeyRanges = PartitionKeyRange.split(count: definition.partitionKeyRangeCount)
        self.resolvedIndexingPolicy = definition.indexingPolicy.resolved
        self.partitionKeySegments = definition.partitionKey.segments
        self.idSourceSegments = definition.idSourcePath.flatMap(JSONPath.segments(of:))
        self.uniqueKeySegments = definition.uniqueKeys.map { paths in paths.map { JSONPath.segments(of: $0) ?? [] } }
    }

    public var id: String { self.definition.id }
    public var resourceID: String { ResourceIdentifier.container(database: self.databaseNumber, container: self.number) }
    public var databaseResourceID: String { ResourceIdentifier.database(self.databaseNumber) }
    /// `dbs/<db rid>/colls/<container rid>/`, as Cosmos writes `_self`.
    public var selfLink: String { "dbs/\(self.databaseResourceID)/colls/\(self.resourceID)/" }
}
