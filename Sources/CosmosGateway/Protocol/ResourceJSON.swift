import DocumentStore
import JSON

/// The JSON shapes of databases, containers and partition key ranges, with their system properties.
enum ResourceJSON {
    static func database(_ database: DatabaseProperties) -> JSONValue {
        [
            "id": .string(database.id),
            "_rid": .string(database.resourceID),
            "_self": .string("dbs/\(database.resourceID)/"),
            "_etag": .string(database.etag),
            "_colls": "colls/",
            "_users": "users/",
            "_ts": .integer(database.timestamp),
        ]
    }

    static func container(_ container: ContainerProperties) -> JSONValue {
        guard case .object(var object) = container.definition.jsonValue else { return .null }
        if object["conflictResolutionPolicy"] == nil {
            object["conflictResolutionPolicy"] = ["mode": "LastWriterWins", "conflictResolutionPath": "/_ts", "conflictResolutionProcedure": ""]
        }
        if object["geospatialConfig"] == nil {
            object["geospatialConfig"] = ["type": "Geography"]
        }
        object["_rid"] = .string(container.resourceID)
        object["_self"] = .string(container.selfLink)
        object["_etag"] = .string(container.etag)
        object["_ts"] = .integer(container.timestamp)
        object["_docs"] = "docs/"
        object["_sprocs"] = "sprocs/"
        object["_triggers"] = "triggers/"
        object["_udfs"] = "udfs/"
        object["_conflicts"] = "conflicts/"
        return .object(object)
    }

    /// An offer (the throughput of a database or container), in the shape the service answers: its id is the
    /// `_rid` of the resource it provisions, its etag and timestamp that resource's.
    static func offer(_ throughput: Throughput, resourceID: String, selfLink: String, etag: String, timestamp: Int64) -> JSONValue {
        var content: JSONObject = ["offerIsRUPerMinuteThroughputEnabled": false]
        switch throughput {
        case .manual(let rate):
            content["offerThroughput"] = .integer(Int64(rate))
        case .autoscale(let maximum):
            // The service reports an autoscale offer's current floor, a tenth of the maximum, as its throughput.
            content["offerThroughput"] = .integer(Int64(max(maximum / 10, 1)))
            content["offerAutopilotSettings"] = ["maxThroughput": .integer(Int64(maximum))]
        }
        return [
            "id": .string(resourceID),
            "_rid": .string(resourceID),
            "_self": .string("offers/\(resourceID)/"),
            "_etag": .string(etag),
            "_ts": .integer(timestamp),
            "offerVersion": "V2",
            "offerType": "Invalid",
            "resource": .string(selfLink),
            "offerResourceId": .string(resourceID),
            "content": .object(content),
        ]
    }

    static func partitionKeyRange(_ range: PartitionKeyRange, of container: ContainerProperties) -> JSONValue {
        let rid = container.resourceID
        return [
            "_rid": .string(rid),
            "id": .string(range.id),
            "_etag": .string(container.etag),
            "minInclusive": .string(range.minInclusive.hex),
            "maxExclusive": .string(range.maxExclusive.hex),
            "ridPrefix": .integer(Int64(range.index)),
            "_self": .string(container.selfLink + "pkranges/\(range.id)/"),
            "throughputFraction": .double(1 / Double(container.partitionKeyRanges.count)),
            "status": "online",
            "parents": [],
            "_ts": .integer(container.timestamp),
            "_lsn": 1,
        ]
    }

    /// The account document. Its endpoints must be URLs the client really reaches: the SDK sends every later
    /// request there.
    static func account(endpoint: String) -> JSONValue {
        let location: JSONValue = ["name": "South Central US", "databaseAccountEndpoint": .string(endpoint)]
        let queryEngine: JSONValue = [
            "maxSqlQueryInputLength": 262_144, "maxJoinsPerSqlQuery": 5, "maxLogicalAndPerSqlQuery": 500,
            "maxLogicalOrPerSqlQuery": 500, "maxUdfRefPerSqlQuery": 10, "maxInExpressionItemsCount": 16_000,
            "queryBooleanReturnEnabled": true, "maxQueryRequestTimeoutFraction": 0.9, "sqlAllowNonFiniteNumbers": false,
            "sqlAllowAggregateFunctions": true, "sqlAllowSubQuery": true, "sqlAllowScalarSubQuery": true,
            "allowNewKeywords": true, "sqlAllowLike": true, "sqlAllowGroupByClause": true, "maxSpatialQueryCells": 12,
            "spatialMaxGeometryPointCount": 256, "sqlDisableOptimizationFlags": 0, "sqlAllowTop": true,
            "enableSpatialIndexing": true,
        ]
        return [
            "_self": "",
            "id": "localhost",
            "_rid": "localhost",
            "media": "//media/",
            "addresses": "//addresses/",
            "_dbs": "//dbs/",
            "writableLocations": [location],
            "readableLocations": [location],
            "enableMultipleWriteLocations": false,
            "userReplicationPolicy": ["asyncReplication": false, "minReplicaSetSize": 1, "maxReplicasetSize": 4],
            "userConsistencyPolicy": ["defaultConsistencyLevel": "Session"],
            "systemReplicationPolicy": ["minReplicaSetSize": 1, "maxReplicasetSize": 4],
            "readPolicy": ["primaryReadCoefficient": 1, "secondaryReadCoefficient": 1],
            "queryEngineConfiguration": .string(JSONWriter.string(from: queryEngine)),
        ]
    }
}
