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
            let body = try request.jsonBody()
            var definition = try ContainerDefinition(json: body)
            try definition.validateComputedProperties()
            let requested = try request.provisionedThroughput()
            if body["cosmolite"]?["partitionKeyRangeCount"] == nil {
                definition.partitionKeyRangeCount = Self.rangeCount(for: requested)
            }
            if body["cosmolite"]?["throughput"] == nil {
                // Like the service: a container without throughput of its own shares its database's, if that has
                // one, and otherwise gets the default 400 RU/s.
                guard let owner = try self.store.database(database) else {
                    throw CosmosError.notFound("database '\(database)' does not exist")
                }
                definition.throughput = requested ?? (owner.throughput == nil ? .defaultManual : nil)
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
            try definition.validateComputedProperties()
            guard definition.id == id else {
                throw CosmosError.badRequest("the body's id '\(definition.id)' differs from the container '\(id)' in the path")
            }
            let existing = try self.store.container(id, in: database)
            if body["cosmolite"]?["partitionKeyRangeCount"] == nil {
                definition.partitionKeyRangeCount = existing.properties.definition.partitionKeyRangeCount
            }
            if body["cosmolite"]?["throughput"] == nil {
                // Throughput changes through the container's offer, not its definition.
                definition.throughput = existing.properties.definition.throughput
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
    static func rangeCount(for throughput: Throughput?) -> Int {
        let count = ((throughput?.maximum ?? 0) + 5999) / 6000
        return min(max(count, 1), ContainerDefinition.maximumPartitionKeyRangeCount)
    }
}
