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
            switch offer.owner {
            case .database(let database):
                let replaced = try await self.store.replaceThroughput(ofDatabase: database, with: throughput)
                return .json(200, Self.offer(of: replaced, throughput: throughput).json, headers: [(.etag, replaced.etag)])
            case .container(let database, let container):
                var definition = try self.store.container(container, in: database).properties.definition
                definition.throughput = throughput
                let replaced = try await self.store.replaceContainer(definition, in: database).properties
                return .json(200, Self.offer(of: replaced, throughput: throughput).json, headers: [(.etag, replaced.etag)])
            }
        default:
            throw RequestDispatcher.methodNotAllowed(request)
        }
    }

    /// The new throughput an offer's body asks for. The kind stays: a manual offer takes `content.offerThroughput`,
    /// an autoscale one `content.offerAutopilotSettings.maxThroughput` (changing the kind is a migration the service
    /// does through another operation).
    static func replacement(of current: Throughput, in body: JSONValue) throws(CosmosError) -> Throughput {
        let content = body["content"]
        let replacement: Throughput
        switch current {
        case .manual:
            guard let rate = content?["offerThroughput"]?.integerValue, rate > 0, let value = Int(exactly: rate) else {
                throw CosmosError.badRequest("an offer needs content.offerThroughput, a positive number of RU/s")
            }
            replacement = .manual(value)
        case .autoscale:
            guard let maximum = content?["offerAutopilotSettings"]?["maxThroughput"]?.integerValue, maximum > 0,
                let value = Int(exactly: maximum)
            else {
                throw CosmosError.badRequest("an autoscale offer needs content.offerAutopilotSettings.maxThroughput, a positive number of RU/s")
            }
            replacement = .autoscale(maximum: value)
        }
        return replacement
    }

    // MARK: The offers

    /// One offer and the resource it provisions.
    struct Offer {
        enum Owner {
            case database(String)
            case container(database: String, container: String)
        }

        /// The offer's id: the `_rid` of the resource it provisions.
        let id: String
        let owner: Owner
        let throughput: Throughput
        let json: JSONValue
        let etag: String
    }

    /// Every offer: databases with throughput, then containers with their own.
    func offers() throws -> [Offer] {
        var offers: [Offer] = []
        for database in try self.store.databases() {
            if let throughput = database.throughput {
                offers.append(Self.offer(of: database, throughput: throughput))
            }
            for container in try self.store.containers(in: database.id) {
                if let throughput = container.definition.ownThroughput(in: database) {
                    offers.append(Self.offer(of: container, throughput: throughput))
                }
            }
        }
        return offers
    }

    static func offer(of database: DatabaseProperties, throughput: Throughput) -> Offer {
        Offer(
            id: database.resourceID,
            owner: .database(database.id),
            throughput: throughput,
            json: ResourceJSON.offer(throughput, resourceID: database.resourceID, selfLink: "dbs/\(database.resourceID)/",
                                     etag: database.etag, timestamp: database.timestamp),
            etag: database.etag
        )
    }

    static func offer(of container: ContainerProperties, throughput: Throughput) -> Offer {
        Offer(
            id: container.resourceID,
            owner: .container(database: container.databaseID, container: container.definition.id),
            throughput: throughput,
            json: ResourceJSON.offer(throughput, resourceID: container.resourceID, selfLink: container.selfLink,
                                     etag: container.etag, timestamp: container.timestamp),
            etag: container.etag
        )
    }
}
