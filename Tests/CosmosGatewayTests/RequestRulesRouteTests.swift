@testable import CosmosGateway
import DocumentStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Rules every request meets before and around its controller: authentication before routing, the headers whose
/// values are checked (priority level, batch kind), the headers every answer carries, and readiness.
@Suite struct RequestRulesRouteTests {
    static let wrongKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

    @Test(arguments: ["/foo", "/nothing/here/at/all/x/y/z", "/dbs//x", "/dbs/%ZZ", "/dbs/db/colls/c/sprocs", "/dbs/db/colls/c/docs/%E2%82", "/"])
    func withoutMasterKeyCredentialsEveryPathIs401(_ path: String) async throws {
        try await ResourceRouteTests.withItems { client in
            for method in [HTTPRequest.Method.get, .post, .delete] {
                let missing = try await client.sendUnsigned(method, path)
                #expect(missing.status == .unauthorized, "\(method) \(path): \(missing.text)")
                #expect(missing.json["code"] as? String == "Unauthorized")
            }
            for token in ["type%3Dresource%26ver%3D1.0%26sig%3Dabc", "type=aad&ver=1.0&sig=abc", "type=master&ver=1.0", "garbage"] {
                let other = try await client.sendUnsigned(.get, path, headers: [(.authorization, token), (.msDate, TestSigner.date)])
                #expect(other.status == .unauthorized, "\(token) \(path): \(other.text)")
            }
        }
    }

    @Test func signedRequestsLearnWhatTheirPathIs() async throws {
        try await ResourceRouteTests.withItems { client in
            // A correct signature for a path that names nothing: 404.
            let unknown = try await client.send(.get, "/foo")
            #expect(unknown.status == .notFound)
            #expect(try await client.send(.get, "/nothing/here/at/all/x/y/z").status == .notFound)
            // A wrong key or a signature for another link is 401 even there.
            #expect(try await client.send(.get, "/foo", key: Self.wrongKey).status == .unauthorized)
            let otherLink = TestSigner.headers(.get, type: "foo", link: "elsewhere")
            #expect(try await client.execute(uri: "/foo", method: .get, headers: otherLink).status == .unauthorized)
            // A path that cannot be decoded has no signed link: 400 for a request that carries master-key credentials.
            for path in ["/dbs//x", "/dbs/%ZZ", "/dbs/db/colls/c/docs/%E2%82"] {
                let malformed = try await client.send(.get, path)
                #expect(malformed.status == .badRequest, "\(path): \(malformed.text)")
                #expect(malformed.json["code"] as? String == "BadRequest")
            }
            let sprocs = try await client.send(.get, "/dbs/db/colls/c/sprocs")
            #expect(sprocs.status == .badRequest)
            #expect((sprocs.json["message"] as? String)?.contains("not supported") == true)
        }
    }

    @Test func priorityLevelMustBeHighOrLow() async throws {
        try await ResourceRouteTests.withItems { client in
            let pk: [(HTTPField.Name, String)] = [(.partitionKey, #"["a"]"#)]
            for level in ["High", "Low", "high", "LOW"] {
                let created = try await client.send(.post, "/dbs/db/colls/c/docs", headers: pk + [(.priorityLevel, level), (.isUpsert, "True")],
                                                    body: #"{"id":"x","pk":"a"}"#)
                #expect(created.status == .created || created.status == .ok, "\(level)")
            }
            for level in ["Medium", "", "urgent"] {
                let read = try await client.send(.get, "/dbs/db/colls/c/docs/x", headers: pk + [(.priorityLevel, level)])
                #expect(read.status == .badRequest, "\(level)")
                #expect((read.json["message"] as? String)?.contains("x-ms-cosmos-priority-level") == true)
                let write = try await client.send(.post, "/dbs/db/colls/c/docs", headers: pk + [(.priorityLevel, level)], body: #"{"id":"y","pk":"a"}"#)
                #expect(write.status == .badRequest)
            }
            #expect(try await client.send(.get, "/dbs/db/colls/c/docs/y", headers: pk).status == .notFound)
        }
    }

    @Test func onlyTransactionalBatchesAreRun() async throws {
        try await ResourceRouteTests.withItems { client in
            let batch: [(HTTPField.Name, String)] = [(.partitionKey, #"["a"]"#), (.isBatchRequest, "True")]
            let body = #"[{"operationType":"Create","resourceBody":{"id":"b1","pk":"a"}}]"#
            let refused: [[(HTTPField.Name, String)]] = [
                [(.batchAtomic, "False")],
                [(.batchAtomic, "True"), (.batchContinueOnError, "True")],
                [(.batchContinueOnError, "true")],
                [(.batchAtomic, "perhaps")],
                [(.batchAtomic, "True"), (.batchContinueOnError, "1")],
            ]
            for headers in refused {
                let response = try await client.send(.post, "/dbs/db/colls/c/docs", headers: batch + headers, body: body)
                #expect(response.status == .badRequest, "\(headers)")
                #expect(response.json["code"] as? String == "BadRequest")
            }
            let nonAtomic = try await client.send(.post, "/dbs/db/colls/c/docs", headers: batch + [(.batchAtomic, "False")], body: body)
            #expect((nonAtomic.json["message"] as? String)?.contains("non-atomic") == true)
            #expect(try await client.send(.get, "/dbs/db/colls/c/docs/b1", headers: [(.partitionKey, #"["a"]"#)]).status == .notFound)
            // What the SDKs send, and the same without the optional headers.
            let sdk = try await client.send(.post, "/dbs/db/colls/c/docs",
                                            headers: batch + [(.batchAtomic, "True"), (.batchContinueOnError, "False")], body: body)
            #expect(sdk.status == .ok)
            let plain = try await client.send(.post, "/dbs/db/colls/c/docs", headers: batch,
                                              body: #"[{"operationType":"Create","resourceBody":{"id":"b2","pk":"a"}}]"#)
            #expect(plain.status == .ok)
        }
    }

    @Test func answersCarryTheHeadersTheSDKReads() async throws {
        try await ResourceRouteTests.withItems { client in
            let pk: [(HTTPField.Name, String)] = [(.partitionKey, #"["a"]"#)]
            let activity = "2f1c3a5e-0000-4000-8000-00000000abcd"
            let created = try await client.send(.post, "/dbs/db/colls/c/docs", headers: pk + [(.activityID, activity)], body: #"{"id":"x","pk":"a"}"#)
            #expect(created.headers[.activityID] == activity)
            #expect(created.headers[.partitionKeyRangeID] == "0")
            #expect(created.headers[.requestCharge] != nil)
            let generated = try await client.send(.get, "/dbs/db/colls/c/docs/x", headers: pk)
            let id = try #require(generated.headers[.activityID])
            #expect(UUID(uuidString: id) != nil)
            #expect(generated.headers[.partitionKeyRangeID] == "0")
            let another = try await client.send(.get, "/dbs/db/colls/c/docs/x", headers: pk)
            #expect(another.headers[.activityID] != id)
            #expect(try await client.send(.put, "/dbs/db/colls/c/docs/x", headers: pk, body: #"{"id":"x","pk":"a","v":1}"#).headers[.partitionKeyRangeID] == "0")

            try await client.send(.post, "/dbs/db/colls/c/docs", headers: pk, body: #"{"id":"y","pk":"a"}"#)
            let query = try await client.send(.post, "/dbs/db/colls/c/docs",
                                              headers: pk + [(.isQuery, "True"), (.contentType, "application/query+json"), (.maxItemCount, "1")],
                                              body: #"{"query":"SELECT * FROM c"}"#)
            #expect(query.headers[.itemCount] == "1")
            #expect(query.headers[.etag] == nil)
            let feed = try await client.send(.get, "/dbs/db/colls/c/docs")
            #expect(feed.headers[.itemCount] == "2")
            #expect(feed.headers[.etag] == nil)
            // No session token at all (cosmos-wire.md 11: the simplest safe choice; a malformed one breaks the SDK).
            for response in [created, generated, query, feed] {
                #expect(response.headers[HTTPField.Name("x-ms-session-token")!] == nil)
            }
        }
    }

    @Test func readinessFollowsTheStore() async throws {
        try await withGateway { client, store in
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            store.close()
            let closed = try await client.execute(uri: "/ready", method: .get)
            #expect(closed.status == .serviceUnavailable)
            #expect(closed.json["status"] as? String == "unavailable")
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test func metricsNeedNoKeyAndShowRequestLatencies() async throws {
        try await ResourceRouteTests.withItems { client in
            try await client.send(.post, "/dbs/db/colls/c/docs", headers: [(.partitionKey, #"["a"]"#)], body: #"{"id":"x","pk":"a"}"#)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = metrics.text
            /// The value of the first sample named `name` whose labels contain every one of `labels`.
            func sample(_ name: String, _ labels: [String] = []) -> Double? {
                for line in text.split(separator: "\n") where line.hasPrefix(name + " ") || line.hasPrefix(name + "{") {
                    guard labels.allSatisfy({ line.contains($0) }), let value = line.split(separator: " ").last else { continue }
                    return Double(value)
                }
                return nil
            }
            #expect(sample("cosmolite_requests_total", [#"operation="CreateDocument""#, #"status="201""#]) == 1, "\(text)")
            #expect(sample("cosmolite_request_duration_seconds_bucket", [#"operation="CreateDocument""#, #"le="+Inf""#]) == 1)
            #expect(sample("cosmolite_request_duration_seconds_count", [#"operation="CreateDocument""#]) == 1)
            #expect(sample("cosmolite_documents") == 1)
        }
    }
}
