/// A request path of the Cosmos REST API, percent-decoded and split into the resource it names.
///
/// Paths are accepted with or without a trailing slash. The resource type and link used to sign requests come from
/// ``SignedResource``, which the responder computes (and checks the signature against) before matching the route.
struct ResourcePath: Sendable, Hashable {
    enum Route: Sendable, Hashable {
        case account
        case databases
        case database(String)
        case containers(database: String)
        case container(database: String, container: String)
        case documents(database: String, container: String)
        case document(database: String, container: String, id: String)
        case partitionKeyRanges(database: String, container: String)
        case partitionKeyDelete(database: String, container: String)
        case offers
        case offer(String)
        /// A resource the gateway does not serve (stored procedures, users, ...), named by its type.
        case unsupported(String)
    }

    let segments: [String]
    let route: Route
    /// The resource type that the request is signed with.
    var resourceType: String { self.signed.type }
    /// The resource link that the request is signed with.
    var resourceLink: String { self.signed.link }
    let signed: SignedResource

    /// Matches an already decoded path to its route.
    /// - Throws: ``CosmosError`` (404) for paths that name no resource of the protocol.
    init(_ signed: SignedResource, rawPath: String) throws(CosmosError) {
        self.signed = signed
        self.segments = signed.segments
        self.route = try Self.route(signed.segments, rawPath: rawPath)
    }

    /// Parses a raw request path (without the query string).
    /// - Throws: ``CosmosError`` (400) for malformed percent-encoding or empty segments, (404) for unknown paths.
    init(rawPath: String) throws(CosmosError) {
        try self.init(try SignedResource(rawPath: rawPath), rawPath: rawPath)
    }

    private static func route(_ segments: [String], rawPath: String) throws(CosmosError) -> Route {
        func kind(_ index: Int) -> String { segments[index].lowercased() }
        switch segments.count {
        case 0:
            return .account
        case 1 where kind(0) == "dbs":
            return .databases
        case 1 where kind(0) == "offers":
            return .offers
        case 2 where kind(0) == "dbs":
            return .database(segments[1])
        case 2 where kind(0) == "offers":
            return .offer(segments[1])
        case 3 where kind(0) == "dbs":
            if kind(2) == "colls" { return .containers(database: segments[1]) }
            return .unsupported(segments[2])
        case 4 where kind(0) == "dbs" && kind(2) == "colls":
            return .container(database: segments[1], container: segments[3])
        case 4 where kind(0) == "dbs":
            return .unsupported(segments[2])
        case 5 where kind(0) == "dbs" && kind(2) == "colls":
            switch kind(4) {
            case "docs": return .documents(database: segments[1], container: segments[3])
            case "pkranges": return .partitionKeyRanges(database: segments[1], container: segments[3])
            default: return .unsupported(segments[4])
            }
        case 6 where kind(0) == "dbs" && kind(2) == "colls":
            switch kind(4) {
            case "docs": return .document(database: segments[1], container: segments[3], id: segments[5])
            case "operations" where SignedResource.isPartitionKeyDelete(segments): return .partitionKeyDelete(database: segments[1], container: segments[3])
            default: return .unsupported(segments[4])
            }
        default:
            if segments.count > 4, kind(0) == "dbs", kind(2) == "colls" {
                // Named like a signed resource type: the last segment of a feed, the second to last of one resource.
                return .unsupported(segments[segments.count - (segments.count % 2 == 1 ? 1 : 2)])
            }
            throw CosmosError.notFound("there is no resource at \(rawPath)")
        }
    }
}
