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
    var resourceType: String {
        if case .partitionKeyDelete = self.route { return "colls" }
        if self.segments.isEmpty { return "" }
        return self.segments.count % 2 == 1 ? self.segments[self.segments.count - 1] : self.segments[self.segments.count - 2]
    }

    /// The resource link that the request is signed with.
    var resourceLink: String {
        if case .partitionKeyDelete = self.route { return self.segments[0..<4].joined(separator: "/") }
        if self.segments.count % 2 == 1 { return self.segments.dropLast().joined(separator: "/") }
        return self.segments.joined(separator: "/")
    }

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
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                    throw CosmosError.badRequest("the path segment '\(text)' has an invalid percent-encoding")
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw CosmosError.badRequest("the path segment '\(text)' does not decode to UTF-8 text")
        }
        return decoded
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
