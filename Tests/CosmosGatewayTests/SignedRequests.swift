import CosmosGateway
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Requests signed the way an SDK signs them, with the resource type and link worked out from the path by the
/// protocol's rule, written here independently of the gateway's own parser: decoded segments, odd count = a feed
/// (type = last segment, link = the rest), even = one resource (type = second to last, link = all); partition key
/// deletion signs as its container.
extension TestClientProtocol {
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ path: String,
        headers extra: [(HTTPField.Name, String)] = [],
        body: String? = nil,
        key: String = GatewayConfiguration.emulatorKey
    ) async throws -> TestResponse {
        let (type, link) = Self.signedResource(of: path)
        let headers = TestSigner.headers(method, type: type, link: link, key: key, extra: extra)
        return try await self.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(json: $0) })
    }

    /// A request with exactly these headers (no signature unless the caller adds one).
    @discardableResult
    func sendUnsigned(_ method: HTTPRequest.Method, _ path: String, headers extra: [(HTTPField.Name, String)] = []) async throws -> TestResponse {
        var headers = HTTPFields()
        for (name, value) in extra { headers.append(HTTPField(name: name, value: value)) }
        return try await self.execute(uri: path, method: method, headers: headers)
    }

    static func signedResource(of path: String) -> (type: String, link: String) {
        let segments = path.split(separator: "?", maxSplits: 1).first.map(String.init)?
            .split(separator: "/").map { $0.removingPercentEncoding ?? String($0) } ?? []
        if segments.count == 6 && segments[4] == "operations" && segments[5] == "partitionkeydelete" {
            return ("colls", segments[0..<4].joined(separator: "/"))
        }
        if segments.isEmpty { return ("", "") }
        if segments.count % 2 == 1 {
            return (segments[segments.count - 1], segments.dropLast().joined(separator: "/"))
        }
        if segments[0] != "dbs" {
            return (segments[segments.count - 2], segments[segments.count - 1].lowercased())
        }
        return (segments[segments.count - 2], segments.joined(separator: "/"))
    }
}

extension TestResponse {
    var json: JSONValueBox { self.body.json }
    var text: String { String(buffer: self.body) }
    /// The `Documents` array of a feed answer.
    var documents: [[String: Any]] { (self.json["Documents"] as? [[String: Any]]) ?? [] }
    /// The `Documents` array of a feed answer as arbitrary JSON values (VALUE queries).
    var values: [Any] { (self.json["Documents"] as? [Any]) ?? [] }
}
