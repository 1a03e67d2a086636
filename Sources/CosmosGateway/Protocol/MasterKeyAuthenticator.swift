import Crypto
import Foundation
import JSON

/// Checks the master-key signature every request (but health and metrics) carries.
///
/// The client signs `verb\nresourceType\nresourceLink\nx-ms-date\nDate\n` (verb, type and dates lower-cased, the link
/// as is) with HMAC-SHA256 under the base64-decoded key, and sends `type=master&ver=1.0&sig=<base64>` URL-encoded in
/// the `authorization` header. Signatures are compared in constant time. A failure message quotes the payload the
/// server signed, as the service does, so a client author can see what differs.
///
/// This runs on every request, so it works on bytes: the key schedule is computed once (a keyed HMAC is copied per
/// request), and the header is decoded without Foundation's string APIs, which went through CFString on Linux and
/// cost more than the rest of the check.
struct MasterKeyAuthenticator: Sendable {
    /// HMAC-SHA256 with the key already absorbed; a copy per request only hashes the payload.
    private let keyedHMAC: HMAC<SHA256>

    /// - Throws: when the key is not base64.
    init(masterKey: String) throws(CosmosError) {
        guard let keyBytes = Data(base64Encoded: masterKey), !keyBytes.isEmpty else {
            throw CosmosError.badRequest("the master key is not valid base64")
        }
        self.keyedHMAC = HMAC(key: SymmetricKey(data: keyBytes))
    }

    /// The signature of a master-key `authorization` header, decoded.
    struct Credential: Sendable {
        fileprivate let signature: Data
    }

    /// Reads the `authorization` header; this needs nothing from the path, so it runs before the path is parsed and
    /// a request without master-key credentials is 401 whatever it asks for.
    /// - Throws: ``CosmosError`` (401) when the header is missing, not `type=master`, or has no base64 `sig`.
    func credential(from authorization: String?) throws(CosmosError) -> Credential {
        guard let authorization, !authorization.isEmpty else {
            throw CosmosError.unauthorized("Required header 'authorization' is missing. Sign the request with the account master key.")
        }
        let token = AuthorizationToken(headerValue: authorization)
        guard let type = token.type, type.equalsIgnoringASCIICase("master") else {
            let shown = token.type.map { String(decoding: $0, as: UTF8.self) } ?? "none"
            throw CosmosError.unauthorized("Only master-key authorization (type=master) is supported; got type=\(shown).")
        }
        guard let signature = token.signature, let given = Data(base64Encoded: Data(signature)) else {
            throw CosmosError.unauthorized("The authorization header has no valid 'sig'.")
        }
        return Credential(signature: given)
    }

    /// Checks the signature against the payload the server builds for this request.
    /// - Throws: ``CosmosError`` (401) quoting the payload the server signed.
    func verify(
        _ credential: Credential,
        verb: String,
        resourceType: String,
        resourceLink: String,
        msDate: String?,
        date: String?
    ) throws(CosmosError) {
        let payload = Self.payloadBytes(verb: verb, resourceType: resourceType, resourceLink: resourceLink, msDate: msDate, date: date)
        var hmac = self.keyedHMAC
        payload.withUnsafeBytes { hmac.update(data: $0) }
        let expected = hmac.finalize()
        let matches = expected.withUnsafeBytes { expectedBytes in
            credential.signature.withUnsafeBytes { givenBytes in Self.constantTimeEqual(givenBytes, expectedBytes) }
        }
        guard matches else {
            let escaped = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n")
            throw CosmosError.unauthorized(
                "The input authorization token can't serve the request. The wrong key is being used or the expected payload is not built as per the protocol. Server used the following payload to sign: '\(escaped)'"
            )
        }
    }

    /// Both steps at once: the header, then the signature.
    func verify(
        authorization: String?,
        verb: String,
        resourceType: String,
        resourceLink: String,
        msDate: String?,
        date: String?
    ) throws(CosmosError) {
        try self.verify(self.credential(from: authorization), verb: verb, resourceType: resourceType, resourceLink: resourceLink,
                        msDate: msDate, date: date)
    }

    static func stringToSign(verb: String, resourceType: String, resourceLink: String, msDate: String?, date: String?) -> String {
        String(decoding: Self.payloadBytes(verb: verb, resourceType: resourceType, resourceLink: resourceLink, msDate: msDate, date: date),
               as: UTF8.self)
    }

    /// Signs like a client does (for tests and tools).
    static func signature(for payload: String, masterKey: String) -> String? {
        guard let keyBytes = Data(base64Encoded: masterKey) else { return nil }
        let code = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: keyBytes))
        return Data(code).base64EncodedString()
    }

    /// The signed payload: verb, type and both dates lower-cased, the link as it is, each followed by a newline.
    private static func payloadBytes(verb: String, resourceType: String, resourceLink: String, msDate: String?, date: String?) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(verb.utf8.count + resourceType.utf8.count + resourceLink.utf8.count + 80)
        Self.appendLowercased(verb, to: &bytes)
        bytes.append(0x0A)
        Self.appendLowercased(resourceType, to: &bytes)
        bytes.append(0x0A)
        bytes.append(contentsOf: resourceLink.utf8)
        bytes.append(0x0A)
        Self.appendLowercased(msDate ?? "", to: &bytes)
        bytes.append(0x0A)
        Self.appendLowercased(date ?? "", to: &bytes)
        bytes.append(0x0A)
        return bytes
    }

    /// ASCII is lower-cased byte by byte; anything else goes through Unicode lower-casing, as a client's would.
    private static func appendLowercased(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            bytes.append(contentsOf: text.lowercased().utf8)
            return
        }
        for byte in utf8 {
            bytes.append(byte.lowercasedASCII)
        }
    }

    private static func constantTimeEqual(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
