import DocumentStore
import HTTPTypes
import JSON

/// Offers: the throughput of databases and containers, listed, queried, read and replaced (`get_throughput` and
/// `replace_throughput` in the SDKs).
///
/// Every container has an offer unless it shares its database's throughput; a database has one when it was created
/// with throughput. Nothing is metered: replacing an offer changes what is reported, not the container's partition
/// key ranges, which stay as the throughput at creation made them.
struct OfferController {
    let store: DocumentStore

    func handleFeed(_ request: CosmosRequest) async throws -> CosmosResponse {
        let isQuery = request.method == .post && (request.flag(.isQuery) || request.header(.isQuery) != nil)
        guard request.method == .get || isQuery else {
            throw RequestDispatcher.methodNotAllowed(request)
        }
        return try ResourceFeed.list("Offers", rid: "", resources: try self.offers().map(\.json), request: request)
    }

    func handleItem(_ request: CosmosRequest, id: String) async throws -> CosmosResponse {
        guard let offer = try self.offers().first(where: { $0.id == id }) else {
            throw CosmosError.notFound("there is no offer '\(id)'")
        }
        switch request.method {
        case .get:
            return .json(200, offer.json, headers: [(.etag, offer.etag)])
        case .put:
            let throughput = try Self.replacement(of: offer.throughput, in: try request.jsonBody())
            let replaced: Offer
            switch offer.owner {
            case .database(let database):
                replaced = Offer(owner: .database(try await self.store.replaceThroughput(ofDatabase: database.id, with: throughput)),
                                 throughput: throughput)
            case .container(let container):
                var definition = container.definition
                definition.throughput = throughput
                let properties = try await self.store.replaceContainer(definition, in: container.databaseID).properties
                replaced = Offer(owner: .container(properties), throughput: throughput)
            }
            return .json(200, replaced.json, headers: [(.etag, replaced.etag)])
        default:
            throw RequestDispatcher.methodNotAllowed(request)
        }
    }

    /// The new throughput an offer's body asks for. The kind stays: a manual offer takes `content.offerThroughput`,
    /// an autoscale one `content.offerAutopilotSettings.maxThroughput` (changing the kind is a migration the service
    /// does through another operation).
    static func replacement(of current: Throughput, in body: JSONValue) throws(CosmosError) -> Throughput {
        let content = body["content"]
        switch current {
        case .manual:
            guard let rate = content?["offerThroughput"]?.integerValue, rate > 0, let value = Int(exactly: rate) else {
                throw CosmosError.badRequest("an offer needs content.offerThroughput, a positive number of RU/s")
            }
            return .manual(value)
        case .autoscale:
            guard let maximum = content?["offerAutopilotSettings"]?["maxThroughput"]?.integerValue, maximum > 0,
                let value = Int(exactly: maximum)
            else {
                throw CosmosError.badRequest("an autoscale offer needs content.offerAutopilotSettings.maxThroughput, a positive number of RU/s")
            }
            return .autoscale(maximum: value)
        }
    }

    // MARK: The offers

    /// One offer: the resource it provisions and its throughput; everything else is derived from them.
    struct Offer {
        enum Owner {
            case database(DatabaseProperties)
            case container(ContainerProperties)
        }

        let owner: Owner
        let throughput: Throughput

        /// The offer's id: the `_rid` of the resource it provisions.
        var id: String {
            switch self.owner {
            case .database(let database): database.resourceID
            case .container(let container): container.resourceID
            }
        }

        /// The provisioned resource's etag, which the offer shares.
        var etag: String {
            switch self.owner {
            case .database(let database): database.etag
            case .container(let container): container.etag
            }
        }

        var json: JSONValue {
            switch self.owner {
            case .database(let database):
                ResourceJSON.offer(self.throughput, resourceID: database.resourceID, selfLink: "dbs/\(database.resourceID)/",
                                   etag: database.etag, timestamp: database.timestamp)
            case .container(let container):
                ResourceJSON.offer(self.throughput, resourceID: container.resourceID, selfLink: container.selfLink,
                                   etag: container.etag, timestamp: container.timestamp)
            }
        }
    }

    /// Every offer: databases with throughput, then containers with their own.
    func offers() throws -> [Offer] {
        var offers: [Offer] = []
        for database in try self.store.databases() {
            if let throughput = database.throughput {
                offers.append(Offer(owner: .database(database), throughput: throughput))
            }
            for container in try self.store.containers(in: database.id) {
                if let throughput = container.definition.ownThroughput(in: database) {
                    offers.append(Offer(owner: .container(container), throughput: throughput))
                }
            }
        }
        return offers
    }
}
