@testable import CosmosGateway
import DocumentStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Batch bodies are read from their text (the resource bodies are not parsed into a tree and printed again): the
/// stored document is the resource body as sent, and every malformed body is a 400 that names what is wrong.
@Suite struct BatchBodyRouteTests {
    static func batchHeaders() -> HTTPFields {
        var headers = WriteOutcomeRouteTests.writeHeaders()
        headers[.isBatchRequest] = "True"
        headers[.batchAtomic] = "True"
        return headers
    }

    static func send(_ client: any TestClientProtocol, _ body: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: WriteOutcomeRouteTests.docs, method: .post, headers: Self.batchHeaders(),
                                 body: ByteBuffer(json: body)) { response in
            (response.status, String(buffer: response.body))
        }
    }

    @Test func resourceBodiesAreStoredAsSent() async throws {
        try await WriteOutcomeRouteTests.withContainer { client in
            // Pretty-printed, a member repeated (the last counts), an escaped key, numbers in their written form.
            let body = """
                [ { "operationType" : "Create", "operationType": "Upsert",
                    "resource\\u0042ody" : { "id" : "x", "pk" : "a", "n" : 1.50, "e" : 1E3 } },
                  {"operationType":"Read","id":"x"} ]
                """
            let (status, text) = try await Self.send(client, body)
            #expect(status == .ok, "\(text)")
            let results = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            #expect(results.map { $0["statusCode"] as? Int } == [201, 200])
            // The stored body keeps the client's bytes (minified), not a re-printed tree.
            #expect(text.contains(#""id":"x","pk":"a","n":1.50,"e":1E3"#))
        }
    }

    @Test func malformedBatchesAre400WithTheReason() async throws {
        try await WriteOutcomeRouteTests.withContainer { client in
            let cases: [(String, String)] = [
                ("[{\"operationType\":\"Create\"", "not valid JSON"),
                (#"{"operationType":"Create"}"#, "must be a JSON array"),
                ("[]", "no operations"),
                (#"[42]"#, "needs an \"operationType\""),
                (#"[{"operationType":7}]"#, "needs an \"operationType\""),
                (#"[{"operationType":"Create","resourceBody":[1]}]"#, "needs a \"resourceBody\" object"),
                (#"[{"operationType":"Upsert"}]"#, "needs a \"resourceBody\" object"),
                (#"[{"operationType":"Read"}]"#, "needs an \"id\""),
                (#"[{"operationType":"Patch","id":"x"}]"#, "needs a \"resourceBody\" with \"operations\""),
                (#"[{"operationType":"Explode","id":"x"}]"#, "unknown operationType"),
            ]
            for (body, reason) in cases {
                let (status, text) = try await Self.send(client, body)
                #expect(status == .badRequest, "\(body): \(text)")
                let message = JSONValueBox(text)["message"] as? String
                #expect(message?.contains(reason) == true, "\(body): \(text)")
            }
        }
    }
}
