public import JSON

/// The two event shapes the tools know, with what a container for each needs and which fields the verifier reads.
public enum EventShape: String, Sendable, CaseIterable {
    /// Streaming-at-scale device telemetry (``StreamingEventGenerator``).
    case streaming
    /// The North Carolina postal-code demo (``GeoEventGenerator``).
    case geo

    /// The partition key path of the container.
    public var partitionKeyPath: String {
        switch self {
        case .streaming: "/deviceId"
        case .geo: "/pk"
        }
    }

    /// The field that identifies an event (duplicates are counted on it).
    public var idField: String {
        switch self {
        case .streaming: "eventId"
        case .geo: "id"
        }
    }

    /// The partition key field: the unit whose sequence numbers must be gap-free.
    public var partitionField: String {
        switch self {
        case .streaming: "deviceId"
        case .geo: "pk"
        }
    }

    /// The per-partition sequence number field.
    public var sequenceField: String {
        switch self {
        case .streaming: "deviceSequenceNumber"
        case .geo: "seq"
        }
    }

    /// The ISO-8601 creation time field (latency is measured from it).
    public var createdAtField: String {
        switch self {
        case .streaming: "createdAt"
        case .geo: "timestamp"
        }
    }

    /// A generator of this shape.
    public func makeGenerator(seed: UInt64, devices: Int) -> any EventGenerator {
        switch self {
        case .streaming: StreamingEventGenerator(seed: seed, devices: devices)
        case .geo: GeoEventGenerator(seed: seed)
        }
    }

    /// The Cosmos container body for events of this shape: partitioned on ``partitionKeyPath``, range-indexed on
    /// `/epoch` only, spatially indexed on `/location`; streaming events take their document id from `/eventId`
    /// (Cosmolite's `cosmolite.idSourcePath`), so a re-delivered event lands on the same document.
    public func containerDefinition(id: String) -> JSONValue {
        var definition: JSONObject = [
            "id": .string(id),
            "partitionKey": ["paths": [.string(self.partitionKeyPath)], "kind": "Hash", "version": 2],
            "indexingPolicy": [
                "indexingMode": "consistent",
                "automatic": true,
                "includedPaths": [["path": "/epoch/?"]],
                "excludedPaths": [["path": "/*"]],
                "spatialIndexes": [["path": "/location/*", "types": ["Point"]]],
            ],
        ]
        if self == .streaming {
            definition["cosmolite"] = ["idSourcePath": "/eventId"]
        }
        return .object(definition)
    }
}
