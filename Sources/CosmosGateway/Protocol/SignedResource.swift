/// The resource type and link a request on a path is signed with, computed from the path alone (before the path is
/// matched to a route), so that authentication comes first for every path, known or not.
///
/// The protocol's rule: split the percent-decoded path into segments; an odd number names a feed (type = the last
/// segment, link = the rest), an even number one resource (type = the second to last, link = the whole path);
/// partition key deletion (`.../colls/{c}/operations/partitionkeydelete`) signs as its container, and a resource
/// outside `dbs/` (`offers/{rid}`) signs as its resource id in lower case. A path whose
/// segments cannot be decoded (an empty segment, a malformed escape, bytes that are not UTF-8) has no link a client
/// could have signed, so it is refused with 400 before the signature is checked.
struct SignedResource: Sendable, Hashable {
    /// The percent-decoded segments, without leading and trailing slashes.
    let segments: [String]
    /// The resource type the request is signed with.
    let type: String
    /// The resource link the request is signed with.
    let link: String

    /// - Throws: ``CosmosError`` (400) when the path cannot be decoded into segments.
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
        (self.type, self.link) = Self.typeAndLink(segments, trimmedRaw: raw)
    }

    /// `dbs/{db}/colls/{c}/operations/partitionkeydelete`, which is signed as the container.
    static func isPartitionKeyDelete(_ segments: [String]) -> Bool {
        segments.count == 6 && segments[0].lowercased() == "dbs" && segments[2].lowercased() == "colls"
            && segments[4].lowercased() == "operations" && segments[5].lowercased() == "partitionkeydelete"
    }

    /// Without escapes the link is a slice of the raw path, which spares joining the segments on every request.
    private static func typeAndLink(_ segments: [String], trimmedRaw: Substring) -> (type: String, link: String) {
        if Self.isPartitionKeyDelete(segments) { return ("colls", segments[0..<4].joined(separator: "/")) }
        if segments.isEmpty { return ("", "") }
        let isFeed = segments.count % 2 == 1
        let type = segments[segments.count - (isFeed ? 1 : 2)]
        if !isFeed && segments[0].lowercased() != "dbs" {
            // Outside `dbs/` (an offer: `offers/{rid}`) a resource is named by its resource id, which the SDKs sign
            // alone and in lower case.
            return (type, segments[segments.count - 1].lowercased())
        }
        guard !trimmedRaw.utf8.contains(UInt8(ascii: "%")) else {
            return (type, (isFeed ? segments.dropLast() : segments[...]).joined(separator: "/"))
        }
        guard isFeed else { return (type, String(trimmedRaw)) }
        let lastSlash = trimmedRaw.utf8.lastIndex(of: UInt8(ascii: "/")) ?? trimmedRaw.startIndex
        return (type, String(trimmedRaw[..<lastSlash]))
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
