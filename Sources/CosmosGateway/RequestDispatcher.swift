import DocumentStore
import HTTPTypes
import JSON
import QueryEngine

/// Routes an authenticated request to the controller for its resource and method.
struct RequestDispatcher: Sendable {
    let store: DocumentStore
    let configuration: GatewayConfiguration

    /// The operation a request performs, for metrics and logs.
    static func operation(of request: CosmosRequest) -> String {
        switch request.path.route {
        case .account: return "ReadAccount"
        case .databases: return request.method == .post ? (request.header(.isQuery) != nil ? "QueryDatabases" : "CreateDatabase") : "ListDatabases"
        case .database: return request.method == .delete ? "DeleteDatabase" : "ReadDatabase"
        case .containers: return request.method == .post ? (request.header(.isQuery) != nil ? "QueryContainers" : "CreateContainer") : "ListContainers"
        case .container:
            switch request.method {
            case .put: return "ReplaceContainer"
            case .delete: return "DeleteContainer"
            default: return "ReadContainer"
            }
        case .partitionKeyRanges: return "ReadPartitionKeyRanges"
        case .partitionKeyDelete: return "DeletePartition"
        case .offers: return request.method == .post ? "QueryOffers" : "ReadOffers"
        case .offer: return request.method == .put ? "ReplaceOffer" : "ReadOffer"
        case .unsupported: return "Unsupported"
        case .documents:
            if request.method == .get { return request.header(.aIM) != nil ? "ChangeFeed" : "ReadFeed" }
            if request.flag(.isBatchRequest) { return "Batch" }
            if request.flag(.isQueryPlanRequest) { return "QueryPlan" }
            if Self.isQuery(request) { return "Query" }
            return request.flag(.isUpsert) ? "UpsertDocument" : "CreateDocument"
        case .document:
            switch request.method {
            case .get: return "ReadDocument"
            case .put: return "ReplaceDocument"
            case .patch: return "PatchDocument"
            case .delete: return "DeleteDocument"
            default: return "Document"
            }
        }
    }

    static func isQuery(_ request: CosmosRequest) -> Bool {
        request.flag(.isQuery) || request.header(.contentType)?.utf8.hasPrefixIgnoringASCIICase("application/query+json") == true
    }

    func dispatch(_ request: CosmosRequest) async throws -> CosmosResponse {
        try request.checkPriorityLevel()
        if request.path.route != .account {
            // The SDK's endpoint health check reads the account with the client's headers: it must not fail there.
            try request.checkConsistencyLevel()
        }
        let documents = DocumentController(store: self.store, configuration: self.configuration)
        switch request.path.route {
        case .account:
            guard request.method == .get else { throw Self.methodNotAllowed(request) }
            return .json(200, ResourceJSON.account(endpoint: request.endpoint))
        case .databases:
            return try await DatabaseController(store: self.store).handleFeed(request)
        case .database(let id):
            return try await DatabaseController(store: self.store).handleItem(request, id: id)
        case .containers(let database):
            return try await ContainerController(store: self.store).handleFeed(request, database: database)
        case .container(let database, let id):
            return try await ContainerController(store: self.store).handleItem(request, database: database, id: id)
        case .partitionKeyRanges(let database, let container):
            guard request.method == .get else { throw Self.methodNotAllowed(request) }
            return try ContainerController(store: self.store).partitionKeyRanges(request, database: database, container: container)
        case .partitionKeyDelete(let database, let container):
            guard request.method == .post else { throw Self.methodNotAllowed(request) }
            return try await documents.deletePartition(request, container: try self.store.container(container, in: database))
        case .documents(let database, let name):
            let container = try self.store.container(name, in: database)
            switch request.method {
            case .get:
                switch try request.documentFeedKind() {
                case .changeFeed:
                    return try await ChangeFeedController(configuration: self.configuration).changes(request, container: container)
                case .readFeed:
                    return try await QueryController(store: self.store, configuration: self.configuration).readFeed(request, container: container)
                }
            case .post:
                if request.flag(.isBatchRequest) {
                    return try await BatchController(store: self.store).execute(request, container: container)
                }
                if request.flag(.isQueryPlanRequest) {
                    return try QueryController(store: self.store, configuration: self.configuration).plan(request, container: container)
                }
                if Self.isQuery(request) {
                    return try await QueryController(store: self.store, configuration: self.configuration).query(request, container: container)
                }
                return try await documents.create(request, container: container)
            default:
                throw Self.methodNotAllowed(request)
            }
        case .document(let database, let name, let id):
            let container = try self.store.container(name, in: database)
            switch request.method {
            case .get: return try await documents.read(request, container: container, id: id)
            case .put: return try await documents.replace(request, container: container, id: id)
            case .patch: return try await documents.patch(request, container: container, id: id)
            case .delete: return try await documents.delete(request, container: container, id: id)
            default: throw Self.methodNotAllowed(request)
            }
        case .offers:
            return try await OfferController(store: self.store).handleFeed(request)
        case .offer(let id):
            return try await OfferController(store: self.store).handleItem(request, id: id)
        case .unsupported(let type):
            throw CosmosError.badRequest("'\(type)' resources (stored procedures, triggers, user-defined functions, users, permissions, conflicts) are not supported by Cosmolite")
        }
    }

    static func methodNotAllowed(_ request: CosmosRequest) -> CosmosError {
        CosmosError(status: 405, code: "MethodNotAllowed", message: "\(request.method) is not allowed on this resource")
    }
}
