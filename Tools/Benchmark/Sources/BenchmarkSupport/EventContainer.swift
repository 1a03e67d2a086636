import DocumentStore

/// Where the streaming workload's events live, defined once so that the in-process engine, the in-process baselines
/// of the HTTP benchmark and the container body sent over REST all index exactly the same way: partitioned on
/// `/deviceId`, ids taken from `/eventId`, a range index on `/epoch` and a spatial index on `/location`.
public enum EventContainer {
    public static let database = "telemetry"
    public static let container = "events"

    /// The container definition (its `jsonValue` is the Cosmos container body, `cosmolite.idSourcePath` included).
    public static func definition(id: String = Self.container) -> ContainerDefinition {
        ContainerDefinition(
            id: id,
            partitionKey: PartitionKeyDefinition(path: "/deviceId"),
            indexingPolicy: .only(rangePaths: ["/epoch"], spatialPaths: ["/location/*"]),
            idSourcePath: "/eventId"
        )
    }
}
