import DocumentStore
import HTTPTypes
import JSON
import QueryEngine

/// Containers: create, read, list, query, replace, delete; and their partition key ranges.
struct ContainerController {
    let store: DocumentStore

    func handleFeed(_ request: CosmosRequest, database: String) async throws -> CosmosResponse {
        switch request.method {
        case .get:
            return try self.list(request, database: database)
        case .post where request.flag(.isQuery) || request.header(.isQuery) != nil:
            return try self.list(request, database: database)
        case .post:
            var definition = try ContainerDefinition(json: try request.jsonBody())
            if try request.jsonBody()["cosmolite"]?["partitionKeyRangeCount"] == nil {
                definition.partitionKeyRangeCount = try Self.rangeCount(forThroughputIn: request)
            }
            let container = try await self.store.createContainer(definition, in: database)
            return .json(201, ResourceJSON.container(container.properties), headers: [(.etag, container.properties.etag)])
        default:
            throw RequestDispatcher.methodNotAllowed(request)
        }
    }

    /// Lists (or, with a query body, queries) the database's containers.
    private func list(_ request: CosmosRequest, database: String) throws -> CosmosResponse {
        guard let owner = try self.store.database(database) else {
            throw CosmosError.notFound("database '\(database)' does not exist")
        }
        let containers = try self.store.containers(in: database).map(ResourceJSON.container)
        return try ResourceFeed.list("DocumentCollections", rid: owner.resourceID, resources: containers, request: request)
    }

    func handleItem(_ request: CosmosRequest, database: String, id: String) async throws -> CosmosResponse {
        switch request.method {
        case .get:
            let container = try self.store.container(id, in: database)
            return .json(200, ResourceJSON.container(container.properties), headers: [(.etag, container.properties.etag)])
        case .put:
            let body = try request.jsonBody()
            var definition = try ContainerDefinition(json: body)
            guard definition.id == id else {
                throw CosmosError.badRequest("the body's id '\(definition.id)' differs from the container '\(id)' in the path")
            }
            let existing = try self.store.container(id, in: database)
            if body["cosmolite"]?["partitionKeyRangeCount"] == nil {
                definition.partitionKeyRangeCount = existing.properties.definition.partitionKeyRangeCount
            }
            let container = try await self.store.replaceContainer(definition, in: database, condition: request.writeCondition)
            return .json(200, ResourceJSON.container(container.properties), headers: [(.etag, container.properties.etag)])
        case .delete:
            try await self.store.deleteContainer(id, in: database)
            return CosmosResponse(status: 204)
        default:
            throw RequestDispatcher.methodNotAllowed(request)
        }
    }

    /// `GET .../pkranges`: the container's ranges with an etag; a request whose If-None-Match holds that etag gets
    /// 304 (the SDK polls until it sees one).
    func partitionKeyRanges(_ request: CosmosRequest, database: String, container id: String) throws -> CosmosResponse {
        let container = try self.store.container(id, in: database).properties
        let etag = container.etag
        if request.header(.ifNoneMatch) == etag {
            return CosmosResponse(status: 304, headers: [(.etag, etag)])
        }
        let ranges = QueryRows(container.partitionKeyRanges.map { JSONWriter.bytes(from: ResourceJSON.partitionKeyRange($0, of: container)) })
        return .feed("PartitionKeyRanges", rid: container.resourceID, rows: ranges, headers: [(.etag, etag)])
    }

    /// Ranges like the emulator's: one physical partition per 6,000 RU/s of provisioned (or autoscale maximum)
    /// throughput, at least one: 400 RU/s -> 1, 11,000 -> 2, 30,000 -> 5.
    static func rangeCount(forThroughputIn request: CosmosRequest) throws(CosmosError) -> Int {
        var throughput = 0
        if let text = request.header(.offerThroughput) {
            guard let value = Int(text.trimmingSpaces), value > 0 else {
                throw CosmosError.badRequest("x-ms-offer-throughput must be a positive integer, got '\(text)'")
            }
            throughput = value
        } else if let text = request.header(.autopilotSettings) {
            guard let settings = try? JSONReader.parse(text), let maximum = settings["maxThroughput"]?.integerValue, maximum > 0 else {
                throw CosmosError.badRequest("x-ms-cosmos-offer-autopilot-settings must be {\"maxThroughput\": n}, got '\(text)'")
            }
            throughput = Int(maximum)
        }
        let count = (throughput + 5999) / 6000
        return min(max(count, 1), ContainerDefinition.maximumPartitionKeyRangeCount)
    }
}
