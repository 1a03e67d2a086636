@testable import CosmosGateway
import DocumentStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `x-ms-cosmolite-write-outcome` and the batch results' `cosmoliteWriteOutcome`: what a write did, which the status
/// cannot say (an upsert answers 200 both for a replace and for an equal, re-delivered body).
@Suite struct WriteOutcomeRouteTests {
    static let docs = "/dbs/db/colls/c/docs"

    static func writeHeaders(_ method: HTTPRequest.Method = .post, link: String = "dbs/db/colls/c", upsert: Bool = false,
                             minimal: Bool = false) -> HTTPFields {
        var extra: [(HTTPField.Name, String)] = [(.partitionKey, #"["a"]"#)]
        if upsert { extra.append((.isUpsert, "True")) }
        if minimal { extra.append((.prefer, "return=minimal")) }
        return TestSigner.headers(method, type: "docs", link: link, extra: extra)
    }

    static func withContainer(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withGateway { client, store in
            try await store.createDatabase("db")
            try await store.createContainer(ContainerDefinition(id: "c", partitionKeyPath: "/pk"), in: "db")
            try await body(client)
        }
    }

    @Test func upsertsSayCreatedReplacedOrUnchanged() async throws {
        try await Self.withContainer { client in
            let first = #"{"id":"x","pk":"a","n":1}"#
            let created = try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(upsert: true),
                                                   body: ByteBuffer(json: first)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.writeOutcome] == "created")
                return try #require(response.headers[.etag])
            }
            // The same body again (spacing differs: bodies compare minified): nothing changes, and the answer says so.
            try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(upsert: true),
                                     body: ByteBuffer(json: #"{ "id": "x", "pk": "a", "n": 1 }"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.writeOutcome] == "unchanged")
                #expect(response.headers[.etag] == created)
                #expect(response.body.json["_etag"] as? String == created)
            }
            let replaced = try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(upsert: true),
                                                    body: ByteBuffer(json: #"{"id":"x","pk":"a","n":2}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.writeOutcome] == "replaced")
                let etag = try #require(response.headers[.etag])
                #expect(etag != created)
                return etag
            }
            // With Prefer: return=minimal there is no body, so the header is all a client has.
            try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(upsert: true, minimal: true),
                                     body: ByteBuffer(json: #"{"id":"x","pk":"a","n":2}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.writeOutcome] == "unchanged")
                #expect(response.headers[.etag] == replaced)
            }
            try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(upsert: true, minimal: true),
                                     body: ByteBuffer(json: #"{"id":"y","pk":"a"}"#)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.writeOutcome] == "created")
            }
        }
    }

    @Test func createReplaceAndPatchSayWhatTheyDidAndReadsAndErrorsSayNothing() async throws {
        try await Self.withContainer { client in
            try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(),
                                     body: ByteBuffer(json: #"{"id":"x","pk":"a","n":1}"#)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.writeOutcome] == "created")
            }
            // A create of an existing id fails: no outcome.
            try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(),
                                     body: ByteBuffer(json: #"{"id":"x","pk":"a","n":1}"#)) { response in
                #expect(response.status == .conflict)
                #expect(response.headers[.writeOutcome] == nil)
            }
            // A replace stores a new version even when the body is equal (only upserts detect re-deliveries).
            let item = "dbs/db/colls/c/docs/x"
            try await client.execute(uri: "/" + item, method: .put, headers: Self.writeHeaders(.put, link: item),
                                     body: ByteBuffer(json: #"{"id":"x","pk":"a","n":1}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.writeOutcome] == "replaced")
            }
            try await client.execute(uri: "/" + item, method: .patch, headers: Self.writeHeaders(.patch, link: item),
                                     body: ByteBuffer(json: #"{"operations":[{"op":"set","path":"/n","value":5}]}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["n"] as? Int == 5)
                #expect(response.headers[.writeOutcome] == "replaced")
            }
            try await client.execute(uri: "/" + item, method: .get, headers: Self.writeHeaders(.get, link: item)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.writeOutcome] == nil)
            }
            let missing = "dbs/db/colls/c/docs/nope"
            try await client.execute(uri: "/" + missing, method: .put, headers: Self.writeHeaders(.put, link: missing),
                                     body: ByteBuffer(json: #"{"id":"nope","pk":"a"}"#)) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.writeOutcome] == nil)
            }
        }
    }

    @Test func batchResultsCarryTheOutcomeOfEachWrite() async throws {
        try await Self.withContainer { client in
            try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(),
                                     body: ByteBuffer(json: #"{"id":"same","pk":"a","v":1}"#)) { #expect($0.status == .created) }
            try await client.execute(uri: Self.docs, method: .post, headers: Self.writeHeaders(),
                                     body: ByteBuffer(json: #"{"id":"changed","pk":"a","v":1}"#)) { #expect($0.status == .created) }
            var headers = Self.writeHeaders()
            headers[.isBatchRequest] = "True"
            headers[.batchAtomic] = "True"
            let operations = """
                [{"operationType":"Create","resourceBody":{"id":"new","pk":"a"}},
                 {"operationType":"Upsert","resourceBody":{"id":"same","pk":"a","v":1}},
                 {"operationType":"Upsert","resourceBody":{"id":"changed","pk":"a","v":2}},
                 {"operationType":"Upsert","resourceBody":{"id":"fresh","pk":"a"}},
                 {"operationType":"Replace","id":"new","resourceBody":{"id":"new","pk":"a","r":true}},
                 {"operationType":"Patch","id":"same","resourceBody":{"operations":[{"op":"add","path":"/p","value":1}]}},
                 {"operationType":"Read","id":"changed"},
                 {"operationType":"Delete","id":"fresh"}]
                """
            try await client.execute(uri: Self.docs, method: .post, headers: headers, body: ByteBuffer(json: operations)) { response in
                #expect(response.status == .ok)
                let results = try #require(response.body.json.value as? [[String: Any]])
                #expect(results.map { $0["statusCode"] as? Int } == [201, 200, 200, 201, 200, 200, 200, 204])
                #expect(results.map { $0["cosmoliteWriteOutcome"] as? String } == [
                    "created", "unchanged", "replaced", "created", "replaced", "replaced", nil, nil,
                ])
            }
            // A failed batch writes nothing, so no result carries an outcome.
            let failing = """
                [{"operationType":"Upsert","resourceBody":{"id":"other","pk":"a"}},
                 {"operationType":"Create","resourceBody":{"id":"same","pk":"a"}}]
                """
            try await client.execute(uri: Self.docs, method: .post, headers: headers, body: ByteBuffer(json: failing)) { response in
                #expect(response.status.code == 207)
                let results = try #require(response.body.json.value as? [[String: Any]])
                #expect(results.map { $0["statusCode"] as? Int } == [424, 409])
                #expect(results.allSatisfy { $0["cosmoliteWriteOutcome"] == nil })
            }
        }
    }
}
