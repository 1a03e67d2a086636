@testable import CosmosGateway
import DocumentStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StoreTestSupport
import Testing

/// Databases, containers and documents over the routes: the whole life cycle of each, and the error answers a client
/// relies on (404, 409, 412, 304).
@Suite struct ResourceRouteTests {
    static let query: [(HTTPField.Name, String)] = [(.isQuery, "True"), (.contentType, "application/query+json")]
    static let pkA: [(HTTPField.Name, String)] = [(.partitionKey, #"["a"]"#)]

    static func ids(_ response: TestResponse, key: String) -> [String] {
        ((response.json[key] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }

    @Test func databasesAreCreatedListedQueriedReadAndDeleted() async throws {
        try await withGateway { client, _ in
            let created = try await client.send(.post, "/dbs", body: #"{"id":"one"}"#)
            #expect(created.status == .created)
            #expect(created.json["id"] as? String == "one")
            #expect(created.json["_rid"] is String && created.json["_self"] is String)
            #expect(created.headers[.etag] != nil)
            #expect(try await client.send(.post, "/dbs", body: #"{"id":"one"}"#).status == .conflict)
            #expect(try await client.send(.post, "/dbs", body: #"{"name":"no id"}"#).status == .badRequest)
            try await client.send(.post, "/dbs", body: #"{"id":"two"}"#)

            #expect(Set(Self.ids(try await client.send(.get, "/dbs"), key: "Databases")) == ["one", "two"])
            let firstPage = try await client.send(.get, "/dbs", headers: [(.maxItemCount, "1")])
            #expect(Self.ids(firstPage, key: "Databases").count == 1)
            let token = try #require(firstPage.headers[.continuation])
            let secondPage = try await client.send(.get, "/dbs", headers: [(.maxItemCount, "1"), (.continuation, token)])
            #expect(Set(Self.ids(firstPage, key: "Databases") + Self.ids(secondPage, key: "Databases")) == ["one", "two"])

            let queried = try await client.send(.post, "/dbs", headers: Self.query,
                                                body: #"{"query":"SELECT * FROM d WHERE d.id = @id","parameters":[{"name":"@id","value":"two"}]}"#)
            #expect(queried.status == .ok)
            #expect(Self.ids(queried, key: "Databases") == ["two"])

            let read = try await client.send(.get, "/dbs/one/")
            #expect(read.status == .ok)
            #expect(read.json["id"] as? String == "one")
            #expect(try await client.send(.delete, "/dbs/one/").status == .noContent)
            #expect(try await client.send(.get, "/dbs/one").status == .notFound)
            #expect(try await client.send(.delete, "/dbs/one").status == .notFound)
            #expect(Self.ids(try await client.send(.get, "/dbs"), key: "Databases") == ["two"])
        }
    }

    @Test func offersReportAndReplaceThroughput() async throws {
        try await withGateway { client, _ in
            try await client.send(.post, "/dbs", body: #"{"id":"db"}"#)
            try await client.send(.post, "/dbs", headers: [(.autopilotSettings, #"{"maxThroughput": 4000}"#)], body: #"{"id":"shared"}"#)
            let created = try await client.send(.post, "/dbs/db/colls", headers: [(.offerThroughput, "11000")],
                                                body: #"{"id":"c","partitionKey":{"paths":["/pk"]}}"#)
            let rid = try #require(created.json["_rid"] as? String)
            try await client.send(.post, "/dbs/shared/colls", body: #"{"id":"sharing","partitionKey":{"paths":["/pk"]}}"#)

            let offers = (try await client.send(.get, "/offers").json["Offers"] as? [[String: Any]]) ?? []
            // The container's own offer and the shared database's; the container that shares has none.
            #expect(offers.count == 2)
            let offer = try #require(offers.first { $0["offerResourceId"] as? String == rid })
            #expect((offer["content"] as? [String: Any])?["offerThroughput"] as? Int == 11000)
            let shared = try #require(offers.first { $0["offerResourceId"] as? String != rid })
            #expect(((shared["content"] as? [String: Any])?["offerAutopilotSettings"] as? [String: Any])?["maxThroughput"] as? Int == 4000)

            let replaced = try await client.send(.put, "/offers/\(rid)/", body: #"{"content":{"offerThroughput":12000}}"#)
            #expect(replaced.status == .ok)
            #expect((replaced.json["content"] as? [String: Any])?["offerThroughput"] as? Int == 12000)
            let read = try await client.send(.get, "/offers/\(rid)")
            #expect((read.json["content"] as? [String: Any])?["offerThroughput"] as? Int == 12000)
            #expect(try await client.send(.get, "/dbs/db/colls/c/pkranges").json["PartitionKeyRanges"].map { ($0 as? [Any])?.count } == 2)
            #expect(try await client.send(.put, "/offers/\(rid)", body: #"{"content":{}}"#).status == .badRequest)
            #expect(try await client.send(.get, "/offers/AAAAAAAAAAA=").status == .notFound)
        }
    }

    @Test func containersAreCreatedReadListedReplacedAndDeleted() async throws {
        let clock = ManualClock()
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20, clock: clock.read)
        try await withGateway(storeConfiguration: configuration) { client, _ in
            try await client.send(.post, "/dbs", body: #"{"id":"db"}"#)
            // Only /pk is indexed at first.
            let definition = """
                {"id":"c","partitionKey":{"paths":["/pk"],"kind":"Hash","version":2},
                 "indexingPolicy":{"indexingMode":"consistent","automatic":true,"includedPaths":[{"path":"/pk/?"}],"excludedPaths":[{"path":"/*"}]}}
                """
            let created = try await client.send(.post, "/dbs/db/colls/", body: definition)
            #expect(created.status == .created)
            let key = try #require(created.json["partitionKey"] as? [String: Any])
            #expect(key["paths"] as? [String] == ["/pk"] && key["kind"] as? String == "Hash" && key["version"] as? Int == 2)
            #expect(created.json["defaultTtl"] == nil)
            #expect(try await client.send(.post, "/dbs/db/colls/", body: definition).status == .conflict)
            #expect(try await client.send(.post, "/dbs/nodb/colls/", body: definition).status == .notFound)
            try await client.send(.post, "/dbs/db/colls/", body: #"{"id":"other","partitionKey":{"paths":["/pk"],"kind":"Hash"}}"#)

            #expect(Set(Self.ids(try await client.send(.get, "/dbs/db/colls/"), key: "DocumentCollections")) == ["c", "other"])
            let queried = try await client.send(.post, "/dbs/db/colls/", headers: Self.query, body: #"{"query":"SELECT * FROM x WHERE x.id = 'other'"}"#)
            #expect(Self.ids(queried, key: "DocumentCollections") == ["other"])

            for n in 0..<20 {
                let item = try await client.send(.post, "/dbs/db/colls/c/docs/", headers: Self.pkA, body: #"{"id":"i\#(n)","pk":"a","n":\#(n)}"#)
                #expect(item.status == .created)
            }
            let lookup = #"{"query":"SELECT VALUE c.id FROM c WHERE c.n = 7"}"#
            let crossPartition = Self.query + [(.enableCrossPartition, "True")]
            let before = try await client.send(.post, "/dbs/db/colls/c/docs/", headers: crossPartition, body: lookup)
            #expect(before.values as? [String] == ["i7"])
            #expect(before.headers[.queryPlan] == "fullScan")

            // Replace: a default TTL and an index on /n; both are observed at once.
            let replacement = """
                {"id":"c","partitionKey":{"paths":["/pk"],"kind":"Hash","version":2},"defaultTtl":10,
                 "indexingPolicy":{"indexingMode":"consistent","automatic":true,"includedPaths":[{"path":"/pk/?"},{"path":"/n/?"}],"excludedPaths":[{"path":"/*"}]}}
                """
            let replaced = try await client.send(.put, "/dbs/db/colls/c/", body: replacement)
            #expect(replaced.status == .ok)
            #expect(replaced.json["defaultTtl"] as? Int == 10)
            let read = try await client.send(.get, "/dbs/db/colls/c")
            #expect(read.json["defaultTtl"] as? Int == 10)
            let paths = ((read.json["indexingPolicy"] as? [String: Any])?["includedPaths"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
            #expect(paths == ["/pk/?", "/n/?"])
            let after = try await client.send(.post, "/dbs/db/colls/c/docs/", headers: crossPartition, body: lookup)
            #expect(after.values as? [String] == ["i7"])
            #expect(after.headers[.queryPlan] == "rangeIndex")
            clock.advance(seconds: 11)
            #expect(try await client.send(.get, "/dbs/db/colls/c/docs/i7", headers: Self.pkA).status == .notFound)

            // A replace must name the same container, and one that does not exist is 404.
            #expect(try await client.send(.put, "/dbs/db/colls/c/", body: #"{"id":"d","partitionKey":{"paths":["/pk"]}}"#).status == .badRequest)
            #expect(try await client.send(.put, "/dbs/db/colls/nope/", body: #"{"id":"nope","partitionKey":{"paths":["/pk"]}}"#).status == .notFound)
            #expect(try await client.send(.put, "/dbs/db/colls/c/", body: #"{"id":"c","partitionKey":{"paths":["/pk"]},"defaultTtl":-10}"#).status == .badRequest)
            // Without defaultTtl the replacement switches TTL off.
            let off = try await client.send(.put, "/dbs/db/colls/c/", body: #"{"id":"c","partitionKey":{"paths":["/pk"],"kind":"Hash","version":2}}"#)
            #expect(off.status == .ok)
            #expect(off.json["defaultTtl"] == nil)

            #expect(try await client.send(.delete, "/dbs/db/colls/c/").status == .noContent)
            #expect(try await client.send(.get, "/dbs/db/colls/c/").status == .notFound)
            #expect(try await client.send(.delete, "/dbs/db/colls/c/").status == .notFound)
            #expect(try await client.send(.get, "/dbs/db/colls/c/docs/i1", headers: Self.pkA).status == .notFound)
            #expect(Self.ids(try await client.send(.get, "/dbs/db/colls"), key: "DocumentCollections") == ["other"])
        }
    }

    static func withItems(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withGateway { client, store in
            try await store.createDatabase("db")
            try await store.createContainer(ContainerDefinition(id: "c", partitionKeyPath: "/pk"), in: "db")
            try await body(client)
        }
    }

    @Test func deleteByPartitionKeyRemovesOnlyThatPartition() async throws {
        try await Self.withItems { client in
            for (id, key) in [("1", "a"), ("2", "a"), ("3", "b")] {
                try await client.send(.post, "/dbs/db/colls/c/docs", headers: [(.partitionKey, #"["\#(key)"]"#)], body: #"{"id":"\#(id)","pk":"\#(key)"}"#)
            }
            let deleted = try await client.send(.post, "/dbs/db/colls/c/operations/partitionkeydelete", headers: Self.pkA)
            #expect(deleted.status == .ok)
            #expect(deleted.headers[.itemCount] == "2")
            #expect(try await client.send(.get, "/dbs/db/colls/c/docs/1", headers: Self.pkA).status == .notFound)
            #expect(try await client.send(.get, "/dbs/db/colls/c/docs/3", headers: [(.partitionKey, #"["b"]"#)]).status == .ok)
            // The partition key is required, and the container must exist.
            #expect(try await client.send(.post, "/dbs/db/colls/c/operations/partitionkeydelete").status == .badRequest)
            #expect(try await client.send(.post, "/dbs/db/colls/none/operations/partitionkeydelete", headers: Self.pkA).status == .notFound)
        }
    }

    @Test func deletesAndPatchesAnswer404And412() async throws {
        try await Self.withItems { client in
            let created = try await client.send(.post, "/dbs/db/colls/c/docs", headers: Self.pkA, body: #"{"id":"x","pk":"a","n":1}"#)
            let etag = try #require(created.headers[.etag])
            let patch = #"{"operations":[{"op":"incr","path":"/n","value":1}]}"#
            let patched = try await client.send(.patch, "/dbs/db/colls/c/docs/x", headers: Self.pkA + [(.ifMatch, etag)], body: patch)
            #expect(patched.status == .ok)
            #expect(patched.json["n"] as? Int == 2)
            // The first etag is now stale.
            let stalePatch = try await client.send(.patch, "/dbs/db/colls/c/docs/x", headers: Self.pkA + [(.ifMatch, etag)], body: patch)
            #expect(stalePatch.status == .preconditionFailed)
            #expect(stalePatch.json["code"] as? String == "PreconditionFailed")
            let falseCondition = #"{"operations":[{"op":"set","path":"/n","value":9}],"condition":"from c where c.n = 100"}"#
            #expect(try await client.send(.patch, "/dbs/db/colls/c/docs/x", headers: Self.pkA, body: falseCondition).status == .preconditionFailed)
            let missingPath = #"{"operations":[{"op":"replace","path":"/absent","value":1}]}"#
            #expect(try await client.send(.patch, "/dbs/db/colls/c/docs/x", headers: Self.pkA, body: missingPath).status == .badRequest)
            let missing = try await client.send(.patch, "/dbs/db/colls/c/docs/nope", headers: Self.pkA, body: patch)
            #expect(missing.status == .notFound)
            #expect(missing.json["code"] as? String == "NotFound")

            #expect(try await client.send(.delete, "/dbs/db/colls/c/docs/x", headers: Self.pkA + [(.ifMatch, etag)]).status == .preconditionFailed)
            #expect(try await client.send(.get, "/dbs/db/colls/c/docs/x", headers: Self.pkA).json["n"] as? Int == 2)
            let current = try #require(patched.headers[.etag])
            #expect(try await client.send(.delete, "/dbs/db/colls/c/docs/x", headers: Self.pkA + [(.ifMatch, current)]).status == .noContent)
            #expect(try await client.send(.delete, "/dbs/db/colls/c/docs/x", headers: Self.pkA).status == .notFound)
            // In another partition the id is another item.
            try await client.send(.post, "/dbs/db/colls/c/docs", headers: Self.pkA, body: #"{"id":"y","pk":"a"}"#)
            #expect(try await client.send(.delete, "/dbs/db/colls/c/docs/y", headers: [(.partitionKey, #"["b"]"#)]).status == .notFound)
        }
    }

    @Test func ifNoneMatchOnItems() async throws {
        try await Self.withItems { client in
            let created = try await client.send(.post, "/dbs/db/colls/c/docs", headers: Self.pkA, body: #"{"id":"x","pk":"a"}"#)
            let etag = try #require(created.headers[.etag])
            let unchanged = try await client.send(.get, "/dbs/db/colls/c/docs/x", headers: Self.pkA + [(.ifNoneMatch, etag)])
            #expect(unchanged.status == .notModified)
            #expect(unchanged.headers[.etag] == etag)
            #expect(unchanged.body.readableBytes == 0)
            let other = try await client.send(.get, "/dbs/db/colls/c/docs/x", headers: Self.pkA + [(.ifNoneMatch, #""some-other-etag""#)])
            #expect(other.status == .ok)
            #expect(other.json["id"] as? String == "x")
            // If-None-Match: * on a create means "only if it does not exist".
            let again = try await client.send(.post, "/dbs/db/colls/c/docs", headers: Self.pkA + [(.ifNoneMatch, "*")], body: #"{"id":"x","pk":"a"}"#)
            #expect(again.status == .preconditionFailed)
            let fresh = try await client.send(.post, "/dbs/db/colls/c/docs", headers: Self.pkA + [(.ifNoneMatch, "*")], body: #"{"id":"new","pk":"a"}"#)
            #expect(fresh.status == .created)
        }
    }
}
