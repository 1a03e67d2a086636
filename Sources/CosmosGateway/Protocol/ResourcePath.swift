/// A request path of the Cosmos REST API, percent-decoded and split into the resource it names.
///
/// Paths are accepted with or without a trailing slash. The resource type and link used to sign requests (see
/// ``MasterKeyAuthenticator``) follow the protocol's rule: an odd number of segments names a feed (type = the last
/// segment, link = the rest), an even number names one resource (type = the second to last, link = the whole path).
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
        /// A resource the gateway does not serve (stored procedures, users, ...), named by its type.
        case unsupported(String)
    }

    let segments: [String]
    let route: Route
    /// The resource type that the request is signed with.
    let resourceType: String
    /// The resource link that the request is signed with.
    let resourceLink: String

    /// Parses a raw request path (without the query string).
    /// - Throws: ``CosmosError`` (400) for malformed percent-encoding or empty segments, (404) for unknown paths.
    init(rawPath: String) throws(CosmosError) {
        var raw = Substring(rawPath)
        while raw.hasPrefix("/") { raw = raw.dropFirst() }
        while raw.hasSuffix("/") { raw = raw.dropLast() }
        var segments: [String] = []
        if !raw.isEmpty {
            for piece in raw.split(separator: "/", omittingEmptySubsequences: false) {
                guard !piece.isEmpty else {
                    throw CosmosError.badRequest("the path \(rawPath) has an empty segment")
                }
                segments.append(try Self.percentDecode(piece))
            }
        }
        self.segments = segments
        self.route = try Self.route(segments, rawPath: rawPath)
        (self.resourceType, self.resourceLink) = Self.signedResource(segments, route: self.route, trimmedRaw: raw)
    }

    /// The protocol's rule: an odd number of segments names a feed (type = the last segment, link = the rest), an even
    /// number one resource (type = the second to last, link = the whole path); partition key deletion signs as its
    /// container.
    /// Without escapes the link is a slice of the raw path, which spares joining the segments on every request.
    private static func signedResource(_ segments: [String], route: Route, trimmedRaw: Substring) -> (type: String, link: String) {
        if case .partitionKeyDelete = route { return ("colls", segments[0..<4].joined(separator: "/")) }
        if segments.isEmpty { return ("", "") }
        let isFeed = segments.count % 2 == 1
        let type = segments[segments.count - (isFeed ? 1 : 2)]
        guard !trimmedRaw.utf8.contains(UInt8(ascii: "%")) else {
            return (type, (isFeed ? segments.dropLast() : segments[...]).joined(separator: "/"))
        }
        guard isFeed else { return (type, String(trimmedRaw)) }
        let lastSlash = trimmedRaw.utf8.lastIndex(of: UInt8(ascii: "/")) ?? trimmedRaw.startIndex
        return (type, String(trimmedRaw[..<lastSlash]))
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
            return .offers
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
            case "operations" where kind(5) == "partitionkeydelete": return .partitionKeyDelete(database: segments[1], container: segments[3])
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

    /// Decodes `%XX` sequences as UTF-8; `+` stays `+`.
    private static func percentDecode(_ text: Substring) throws(CosmosError) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        guard let bytes = PercentDecoding.strict(text) else {
            throw CosmosError.badRequest("the path segment '\(text)' has an invalid percent-encoding")
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw CosmosError.badRequest("the path segment '\(text)' does not decode to UTF-8 text")
        }
        return decoded
    }
}
