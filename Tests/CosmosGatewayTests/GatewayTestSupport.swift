@testable import CosmosGateway
import DocumentStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import StoreTestSupport

/// Runs `body` against the gateway's responder (no socket) over a fresh temporary store.
func withGateway(
    configuration: GatewayConfiguration = GatewayConfiguration(tls: .disabled),
    storeConfiguration: StoreConfiguration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20),
    _ body: @escaping @Sendable (any TestClientProtocol, DocumentStore) async throws -> Void
) async throws {
    try await withTemporaryStore(configuration: storeConfiguration) { store in
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let application = try await CosmosGatewayServer.makeApplication(configuration: configuration, store: store, logger: logger)
        try await application.test(.router) { client in
            try await body(client, store)
        }
    }
}

/// Signs requests the way the SDKs do (master key, HMAC-SHA256 over verb, type, link and date).
enum TestSigner {
    static let date = "Sat, 21 Nov 2026 05:33:59 GMT"

    static func headers(
        _ method: HTTPRequest.Method,
        type: String,
        link: String,
        key: String = GatewayConfiguration.emulatorKey,
        extra: [(HTTPField.Name, String)] = []
    ) -> HTTPFields {
        let payload = MasterKeyAuthenticator.stringToSign(verb: method.rawValue, resourceType: type, resourceLink: link, msDate: date, date: nil)
        let signature = MasterKeyAuthenticator.signature(for: payload, masterKey: key) ?? ""
        let token = "type=master&ver=1.0&sig=\(signature)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var fields = HTTPFields()
        fields[.authorization] = token
        fields[.msDate] = date
        fields[.msVersion] = "2020-07-15"
        for (name, value) in extra { fields.append(HTTPField(name: name, value: value)) }
        return fields
    }
}

extension ByteBuffer {
    init(json: String) {
        self.init(string: json)
    }

    var json: JSONValueBox { JSONValueBox(String(buffer: self)) }
}

/// A parsed response body for assertions.
struct JSONValueBox {
    let text: String
    init(_ text: String) { self.text = text }
    var value: Any? { try? JSONSerialization.jsonObject(with: Data(self.text.utf8), options: [.fragmentsAllowed]) }
    subscript(key: String) -> Any? { (self.value as? [String: Any])?[key] }
}
