import Crypto
import Foundation
import JSON

/// Checks the master-key signature every request (but health and metrics) carries.
///
/// The client signs `verb\nresourceType\nresourceLink\nx-ms-date\nDate\n` (verb, type and dates lower-cased, the link
/// as is) with HMAC-SHA256 under the base64-decoded key, and sends `type=master&ver=1.0&sig=<base64>` URL-encoded in
/// the `authorization` header. Signatures are compared in constant time. A failure message quotes the payload the
/// server signed, as the service does, so a client author can see what differs.
struct MasterKeyAuthenticator: Sendable {
    private let key: SymmetricKey

    /// - Throws: when the key is not base64.
    init(masterKey: String) throws(CosmosError) {
        guard let keyBytes = Data(base64Encoded: masterKey), !keyBytes.isEmpty else {
            throw CosmosError.badRequest("the master key is not valid base64")
        }
        self.key = SymmetricKey(data: keyBytes)
    }

    func verify(
        authorization: String?,
        verb: String,
        resourceType: String,
        resourceLink: String,
        msDate: String?,
        date: String?
    ) throws(CosmosError) {
        let payload = Self.stringToSign(verb: verb, resourceType: resourceType, resourceLink: resourceLink, msDate: msDate, date: date)
        guard let authorization, !authorization.isEmpty else {
            throw CosmosError.unauthorized("Required header 'authorization' is missing. Sign the request with the account master key.")
        }
        let decoded = (authorization.removingPercentEncoding ?? authorization)
        var fields: [String: String] = [:]
        for pair in decoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0].lowercased()] = String(parts[1]) }
        }
        guard fields["type"]?.lowercased() == "master" else {
            throw CosmosError.unauthorized("Only master-key authorization (type=master) is supported; got type=\(fields["type"] ?? "none").")
        }
        // Some decoders turn '+' into a space; base64 never contains spaces.
        guard let signature = fields["sig"]?.replacingOccurrences(of: " ", with: "+"), let given = Data(base64Encoded: signature) else {
            throw CosmosError.unauthorized("The authorization header has no valid 'sig'.")
        }
        let expected = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: self.key)
        guard given.count == expected.byteCount, Self.constantTimeEqual(Array(given), Array(expected)) else {
            let escaped = payload.replacingOccurrences(of: "\n", with: "\\n")
            throw CosmosError.unauthorized(
                "The input authorization token can't serve the request. The wrong key is being used or the expected payload is not built as per the protocol. Server used the following payload to sign: '\(escaped)'"
            )
        }
    }

    static func stringToSign(verb: String, resourceType: String, resourceLink: String, msDate: String?, date: String?) -> String {
        "\(verb.lowercased())\n\(resourceType.lowercased())\n\(resourceLink)\n\((msDate ?? "").lowercased())\n\((date ?? "").lowercased())\n"
    }

    /// Signs like a client does (for tests and tools).
    static func signature(for payload: String, masterKey: String) -> String? {
        guard let keyBytes = Data(base64Encoded: masterKey) else { return nil }
        let code = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: keyBytes))
        return Data(code).base64EncodedString()
    }

    private static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
