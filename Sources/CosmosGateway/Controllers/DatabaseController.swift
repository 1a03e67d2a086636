import DocumentStore
import HTTPTypes
import JSON

/// Databases: create, read, list, query, delete.
struct DatabaseController {
    let store: DocumentStore

    func handleFeed(_ request: CosmosRequest) async throws -> CosmosResponse {
        switch request.method {
        case .get:
            return try ResourceFeed.list("Databases", rid: "", resources: try self.store.databases().map(ResourceJSON.database), request: request)
        case .post where request.flag(.isQuery) || request.header(.isQuery) != nil:
            return try ResourceFeed.list("Databases", rid: "", resources: try self.store.databases().map(ResourceJSON.database), request: request)
        case .post:
            let body = try request.jsonBody()
            guard case .string(let id)? = body["id"] else {
                throw CosmosError.badRequest("a database needs an \"id\" string")
            }
            let database = try await self.store.createDatabase(id, throughput: try request.provisionedThroughput())
            return .json(201, ResourceJSON.database(database), headers: [(.etag, database.etag)])
        default:
            throw RequestDispatcher.methodNotAllowed(request)
        }
    }

    func handleItem(_ request: CosmosRequest, id: String) async throws -> CosmosResponse {
        switch request.method {
        case .get:
            guard let database = try self.store.database(id) else {
                throw CosmosError.notFound("database '\(id)' does not exist")
            }
            return .json(200, ResourceJSON.database(database), headers: [(.etag, database.etag)])
        case .delete:
            try await self.store.deleteDatabase(id)
            return CosmosResponse(status: 204)
        default:
            throw RequestDispatcher.methodNotAllowed(request)
        }
    }
}
