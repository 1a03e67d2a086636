@testable import CosmosGateway
import DocumentStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct GatewayRouteTests {
    @Test func healthAndMetricsNeedNoKeyButEverythingElseDoes() async throws {
        try await withGateway { client, _ in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/dbs", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.body.json["code"] as? String == "Unauthorized")
            }
            let wrong = TestSigner.headers(.get, type: "dbs", link: "", key: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
            try await client.execute(uri: "/dbs", method: .get, headers: wrong) { response in
                #expect(response.status == .unauthorized)
                // The message shows the payload the server signed, so a client author can compare.
                #expect((response.body.json["message"] as? String)?.contains("get\\ndbs\\n\\n") == true)
            }
            try await client.execute(uri: "/dbs", method: .get, headers: TestSigner.headers(.get, type: "dbs", link: "")) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func theAccountAdvertisesTheEndpointTheClientUsed() async throws {
        try await withGateway { client, _ in
            try await client.execute(uri: "/", method: .get, headers: TestSigner.headers(.get, type: "", link: "")) { response in
                #expect(response.status == .ok)
                let locations = response.body.json["writableLocations"] as? [[String: Any]]
                // Built from the Host the client used (the in-process test client says "localhost") and the scheme.
                #expect(locations?.first?["databaseAccountEndpoint"] as? String == "http://localhost/")
                #expect((response.body.json["userConsistencyPolicy"] as? [String: Any])?["defaultConsistencyLevel"] as? String == "Session")
            }
        }
    }

    @Test func documentsRoundTripWithTrailingSlashesAndEncodedIDs() async throws {
        try await withGateway { client, store in
            try await store.createDatabase("db")
            try await store.createContainer(ContainerDefinition(id: "c", partitionKeyPath: "/pk"), in: "db")
            let create = TestSigner.headers(.post, type: "docs", link: "dbs/db/colls/c", extra: [(.partitionKey, #"["a"]"#)])
            try await client.execute(uri: "/dbs/db/colls/c/docs/", method: .post, headers: create,
                                     body: ByteBuffer(json: #"{"id":"a b é","pk":"a","n":1}"#)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.etag] != nil)
                #expect(response.headers[.partitionKeyRangeID] == "0")
                #expect(response.body.json["_rid"] != nil)
            }
            let read = TestSigner.headers(.get, type: "docs", link: "dbs/db/colls/c/docs/a b é", extra: [(.partitionKey, #"["a"]"#)])
            try await client.execute(uri: "/dbs/db/colls/c/docs/a%20b%20%C3%A9/", method: .get, headers: read) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["n"] as? Int == 1)
            }
            try await client.execute(uri: "/dbs/db/colls/c/docs/a%20b%20%C3%A9", method: .get, headers: read) { #expect($0.status == .ok) }
            let missing = TestSigner.headers(.get, type: "docs", link: "dbs/db/colls/c/docs/nope", extra: [(.partitionKey, #"["a"]"#)])
            try await client.execute(uri: "/dbs/db/colls/c/docs/nope", method: .get, headers: missing) { response in
                #expect(response.status == .notFound)
                #expect(response.body.json["code"] as? String == "NotFound")
            }
        }
    }

    @Test func partitionKeyRangesAnswer304WhenUnchanged() async throws {
        try await withGateway { client, store in
            try await store.createDatabase("db")
            try await store.createContainer(ContainerDefinition(id: "c", partitionKeyPath: "/pk"), in: "db")
            let headers = TestSigner.headers(.get, type: "pkranges", link: "dbs/db/colls/c")
            let etag = try await client.execute(uri: "/dbs/db/colls/c/pkranges", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect((response.body.json["PartitionKeyRanges"] as? [Any])?.count == 1)
                return response.headers[.etag] ?? ""
            }
            var again = headers
            again[.ifNoneMatch] = etag
            try await client.execute(uri: "/dbs/db/colls/c/pkranges", method: .get, headers: again) { #expect($0.status == .notModified) }
        }
    }

    @Test func bodiesOverTwoMebibytesAre413() async throws {
        try await withGateway { client, store in
            try await store.createDatabase("db")
            try await store.createContainer(ContainerDefinition(id: "c", partitionKeyPath: "/pk"), in: "db")
            let headers = TestSigner.headers(.post, type: "docs", link: "dbs/db/colls/c", extra: [(.partitionKey, #"["a"]"#)])
            let big = #"{"id":"x","pk":"a","p":""# + String(repeating: "x", count: 2 * 1024 * 1024) + #""}"#
            try await client.execute(uri: "/dbs/db/colls/c/docs", method: .post, headers: headers, body: ByteBuffer(json: big)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.body.json["code"] as? String == "RequestEntityTooLarge")
            }
        }
    }

    @Test(arguments: [
        ("/dbs/db/colls/c/docs", HTTPRequest.Method.post, #"{"id":"#, "docs", "dbs/db/colls/c"),
        ("/dbs/db/colls/c/docs", .post, "[1,2]", "docs", "dbs/db/colls/c"),
        ("/dbs/db/colls/c/docs/%ZZ", .get, "", "docs", "dbs/db/colls/c/docs/%ZZ"),
        ("/dbs/db/colls/c/sprocs", .get, "", "sprocs", "dbs/db/colls/c"),
        ("/dbs/db/colls/c/docs", .delete, "", "docs", "dbs/db/colls/c"),
        ("/dbs//colls", .get, "", "colls", "dbs/"),
        ("/nothing/here/at/all/x/y/z", .get, "", "y", "nothing/here/at/all/x"),
    ])
    func malformedRequestsGetClear4xx(_ uri: String, _ method: HTTPRequest.Method, _ body: String, _ type: String, _ link: String) async throws {
        try await withGateway { client, store in
            try await store.createDatabase("db")
            try await store.createContainer(ContainerDefinition(id: "c", partitionKeyPath: "/pk"), in: "db")
            let headers = TestSigner.headers(method, type: type, link: link, extra: [(.partitionKey, #"["a"]"#)])
            try await client.execute(uri: uri, method: method, headers: headers, body: body.isEmpty ? nil : ByteBuffer(json: body)) { response in
                #expect((400..<500).contains(Int(response.status.code)), "\(uri): \(response.status)")
                #expect(response.body.json["code"] != nil)
            }
        }
    }

    @Test func queriesReturnTheDocumentsEnvelopeAndContinuations() async throws {
        try await withGateway { client, store in
            try await store.createDatabase("db")
            let container = try await store.createContainer(ContainerDefinition(id: "c", partitionKeyPath: "/pk"), in: "db")
            _ = try await container.ingest((0..<5).map { Array(#"{"id":"\#($0)","pk":"p","n":\#($0)}"#.utf8) })
            var headers = TestSigner.headers(.post, type: "docs", link: "dbs/db/colls/c", extra: [
                (.isQuery, "true"), (.contentType, "application/query+json"), (.maxItemCount, "2"), (.enableCrossPartition, "True"),
            ])
            let body = #"{"query":"SELECT VALUE c.n FROM c WHERE c.n >= @min","parameters":[{"name":"@min","value":1}]}"#
            let continuation = try await client.execute(uri: "/dbs/db/colls/c/docs", method: .post, headers: headers, body: ByteBuffer(json: body)) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["Documents"] as? [Int] == [1, 2])
                #expect(response.body.json["_count"] as? Int == 2)
                #expect(response.headers[.etag] == nil)
                #expect(response.headers[.requestCharge] != nil)
                return response.headers[.continuation]
            }
            headers[.continuation] = try #require(continuation)
            try await client.execute(uri: "/dbs/db/colls/c/docs", method: .post, headers: headers, body: ByteBuffer(json: body)) { response in
                #expect(response.body.json["Documents"] as? [Int] == [3, 4])
                #expect(response.headers[.continuation] == nil)
            }
            let bad = #"{"query":"SELECT * FROMM c"}"#
            try await client.execute(uri: "/dbs/db/colls/c/docs", method: .post, headers: headers, body: ByteBuffer(json: bad)) { response in
                #expect(response.status == .badRequest)
                #expect((response.body.json["message"] as? String)?.contains("line 1, column 10") == true)
            }
        }
    }
}
