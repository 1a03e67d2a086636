import Crypto
import Foundation

/// Signs requests with an account master key, as every Cosmos DB client must: HMAC-SHA256 over
/// `verb\nresourceType\nresourceLink\nx-ms-date\n\n` (verb, type and date lower-cased), sent percent-encoded in the
/// `authorization` header as `type=master&ver=1.0&sig=<base64>`.
public struct MasterKeySigner: Sendable {
    private let key: SymmetricKey

    /// - Throws: when `key` is not base64.
    public init(key: String) throws {
        guard let keyBytes = Data(base64Encoded: key), !keyBytes.isEmpty else {
            throw CosmosRESTClient.ResponseError(status: 0, body: "the master key is not valid base64")
        }
        self.key = SymmetricKey(data: keyBytes)
    }

    /// The `authorization` header value for a request with this verb (`GET`), resource type (`docs`), resource link
    /// (`dbs/db/colls/c`, or the document's link for a point operation) and `x-ms-date` header value.
    public func authorization(verb: String, resourceType: String, resourceLink: String, date: String) -> String {
        let payload = "\(verb.lowercased())\n\(resourceType.lowercased())\n\(resourceLink)\n\(date.lowercased())\n\n"
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: self.key)).base64EncodedString()
        return PercentEncoding.encode("type=master&ver=1.0&sig=\(signature)", allowing: PercentEncoding.component)
    }
}
