@testable import CosmosGateway
import DocumentStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import StoreTestSupport
import Testing

/// The change feed and the partition restrictions of feeds and queries: `x-ms-documentdb-partitionkeyrangeid` and
/// the EPK headers, on a container with several partition key ranges, where a wrong restriction shows.
@Suite struct FeedRouteTests {
    static let changeFeed: [(HTTPField.Name, String)] = [(.aIM, "Incremental Feed")]
    static let crossPartitionQuery: [(HTTPField.Name, String)] = [
        (.isQuery, "True"), (.contentType, "application/query+json"), (.enableCrossPartition, "True"),
    ]

    static func ids(_ response: TestResponse) -> Set<String> {
        Set(response.documents.compactMap { $0["id"] as? String })
    }

    @Test func changeFeedFromTheBeginningThenByEtagThen304() async throws {
        try await ResourceRouteTests.withItems { client in
            let docs = "/dbs/db/colls/c/docs/"
            for (id, key) in [("i0", "a"), ("i1", "b"), ("i2", "a")] {
                try await client.send(.post, docs, headers: [(.partitionKey, #"["\#(key)"]"#)], body: #"{"id":"\#(id)","pk":"\#(key)","v":0}"#)
            }
            try await client.send(.post, docs, headers: [(.partitionKey, #"["b"]"#), (.isUpsert, "True")], body: #"{"id":"i1","pk":"b","v":1}"#)

            let beginning = try await client.send(.get, docs, headers: Self.changeFeed)
            #expect(beginning.status == .ok)
            // Modification order, latest version only.
            #expect(beginning.documents.compactMap { $0["id"] as? String } == ["i0", "i2", "i1"])
            #expect(beginning.documents.last?["v"] as? Int == 1)
            #expect(beginning.headers[.itemCount] == "3")
            let etag = try #require(beginning.headers[.etag])

            let nothingNew = try await client.send(.get, docs, headers: Self.changeFeed + [(.ifNoneMatch, etag)])
            #expect(nothingNew.status == .notModified)
            #expect(nothingNew.headers[.etag] == etag)
            let now = try await client.send(.get, docs, headers: Self.changeFeed + [(.ifNoneMatch, "*")])
            #expect(now.status == .notModified)
            #expect(now.headers[.etag] == etag)

            try await client.send(.post, docs, headers: [(.partitionKey, #"["c"]"#)], body: #"{"id":"i3","pk":"c"}"#)
            let next = try await client.send(.get, docs, headers: Self.changeFeed + [(.ifNoneMatch, etag)])
            #expect(next.status == .ok)
            #expect(next.documents.compactMap { $0["id"] as? String } == ["i3"])
            let later = try #require(next.headers[.etag])
            #expect(later != etag)
            #expect(try await client.send(.get, docs, headers: Self.changeFeed + [(.ifNoneMatch, later)]).status == .notModified)
            // Paging: one change per page, each page's etag continues the feed.
            let first = try await client.send(.get, docs, headers: Self.changeFeed + [(.maxItemCount, "1")])
            #expect(first.documents.count == 1)
            let second = try await client.send(.get, docs, headers: Self.changeFeed + [(.maxItemCount, "1"), (.ifNoneMatch, try #require(first.headers[.etag]))])
            #expect(second.documents.compactMap { $0["id"] as? String } == ["i2"])
        }
    }

    @Test func otherChangeFeedModesAreRefused() async throws {
        try await ResourceRouteTests.withItems { client in
            let docs = "/dbs/db/colls/c/docs/"
            try await client.send(.post, docs, headers: [(.partitionKey, #"["a"]"#)], body: #"{"id":"i0","pk":"a"}"#)
            let allVersions = try await client.send(.get, docs, headers: [
                (.aIM, "Full-Fidelity Feed"), (HTTPField.Name("x-ms-cosmos-changefeed-wire-format-version")!, "2021-09-15"),
            ])
            #expect(allVersions.status == .badRequest)
            #expect((allVersions.json["message"] as? String)?.contains("not supported") == true)
            let unknown = try await client.send(.get, docs, headers: [(.aIM, "Something Else")])
            #expect(unknown.status == .badRequest)
            // The SDK's own spelling, in any case, is the change feed; no A-IM is the read feed.
            #expect(try await client.send(.get, docs, headers: [(.aIM, "incremental feed")]).status == .ok)
            #expect(Self.ids(try await client.send(.get, docs)) == ["i0"])
        }
    }

    /// Forty items (`n` 0...39, `cat` k0...k2) over forty logical partitions in a container of four ranges, and the
    /// range each item lives in.
    static func withSpreadContainer(
        _ body: @escaping @Sendable (any TestClientProtocol, [PartitionKeyRange], [String: Int]) async throws -> Void
    ) async throws {
        try await withGateway { client, store in
            try await store.createDatabase("db")
            var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
            definition.partitionKeyRangeCount = 4
            let container = try await store.createContainer(definition, in: "db")
            let ranges = container.properties.partitionKeyRanges
            #expect(ranges.count == 4)
            var rangeOfItem: [String: Int] = [:]
            for n in 0..<40 {
                let key = "p\(n)"
                let created = try await client.send(.post, "/dbs/db/colls/c/docs/", headers: [(.partitionKey, #"["\#(key)"]"#)],
                                                    body: #"{"id":"i\#(n)","pk":"\#(key)","n":\#(n),"cat":"k\#(n % 3)"}"#)
                #expect(created.status == .created)
                let index = PartitionKeyRange.index(of: EffectivePartitionKey(.string(key), kind: .hash), in: ranges)
                rangeOfItem["i\(n)"] = index
                // Document answers name the range the document lives in (the SDK re-reads /pkranges without it).
                #expect(created.headers[.partitionKeyRangeID] == ranges[index].id)
            }
            #expect(Set(rangeOfItem.values).count > 1, "the items should spread over several ranges")
            try await body(client, ranges, rangeOfItem)
        }
    }

    @Test func rangeIDRestrictsQueriesReadFeedsAndTheChangeFeed() async throws {
        try await Self.withSpreadContainer { client, ranges, rangeOfItem in
            let docs = "/dbs/db/colls/c/docs/"
            var seen: Set<String> = []
            for range in ranges {
                let expected = Set(rangeOfItem.filter { $0.value == range.index }.keys)
                let restriction: [(HTTPField.Name, String)] = [(.partitionKeyRangeID, range.id)]
                let query = try await client.send(.post, docs, headers: Self.crossPartitionQuery + restriction, body: #"{"query":"SELECT * FROM c"}"#)
                #expect(Self.ids(query) == expected, "query on range \(range.id)")
                let readFeed = try await client.send(.get, docs, headers: restriction)
                #expect(Self.ids(readFeed) == expected, "read feed on range \(range.id)")
                let changes = try await client.send(.get, docs, headers: Self.changeFeed + restriction)
                #expect(Self.ids(changes) == expected, "change feed on range \(range.id)")
                // A VALUE aggregate restricted to one range counts that range only.
                let count = try await client.send(.post, docs, headers: Self.crossPartitionQuery + restriction, body: #"{"query":"SELECT VALUE COUNT(1) FROM c"}"#)
                #expect(count.values as? [Int] == [expected.count])
                seen.formUnion(expected)
            }
            #expect(seen.count == 40)
            let unknown = try await client.send(.post, docs, headers: Self.crossPartitionQuery + [(.partitionKeyRangeID, "9")], body: #"{"query":"SELECT * FROM c"}"#)
            #expect(unknown.status == .badRequest)
            #expect(try await client.send(.get, docs, headers: Self.changeFeed + [(.partitionKeyRangeID, "nope")]).status == .badRequest)
        }
    }

    @Test func effectivePartitionKeyHeadersRestrictToAKeyOrARange() async throws {
        try await Self.withSpreadContainer { client, ranges, rangeOfItem in
            let docs = "/dbs/db/colls/c/docs/"
            // A point key arrives as [EPK(k), EPK(k) with its last byte incremented).
            let epk = EffectivePartitionKey(.string("p7"), kind: .hash)
            var upper = epk.bytes
            upper[upper.count - 1] += 1
            let point: [(HTTPField.Name, String)] = [
                (.readKeyType, "EffectivePartitionKeyRange"), (.startEPK, epk.hex), (.endEPK, EffectivePartitionKey(bytes: upper).hex),
            ]
            let query = try await client.send(.post, docs, headers: Self.crossPartitionQuery + point, body: #"{"query":"SELECT * FROM c"}"#)
            #expect(Self.ids(query) == ["i7"])
            #expect(Self.ids(try await client.send(.get, docs, headers: point)) == ["i7"])
            #expect(Self.ids(try await client.send(.get, docs, headers: Self.changeFeed + point)) == ["i7"])

            // A whole range by its bounds is the same as its id.
            for range in ranges {
                let bounds: [(HTTPField.Name, String)] = [
                    (.readKeyType, "EffectivePartitionKeyRange"), (.startEPK, range.minInclusive.hex), (.endEPK, range.maxExclusive.hex),
                ]
                let expected = Set(rangeOfItem.filter { $0.value == range.index }.keys)
                let byBounds = try await client.send(.post, docs, headers: Self.crossPartitionQuery + bounds, body: #"{"query":"SELECT * FROM c"}"#)
                #expect(Self.ids(byBounds) == expected)
                #expect(Self.ids(try await client.send(.get, docs, headers: Self.changeFeed + bounds)) == expected)
            }
            // A range id and an EPK interval intersect: p7's key within another range is nothing.
            let home = rangeOfItem["i7"]!
            let elsewhere = ranges[(home + 1) % ranges.count].id
            let disjoint = try await client.send(.post, docs, headers: Self.crossPartitionQuery + point + [(.partitionKeyRangeID, elsewhere)],
                                                 body: #"{"query":"SELECT * FROM c"}"#)
            #expect(disjoint.status == .ok)
            #expect(Self.ids(disjoint).isEmpty)
            let malformed: [(HTTPField.Name, String)] = [(.startEPK, "zz"), (.endEPK, "FF")]
            #expect(try await client.send(.post, docs, headers: Self.crossPartitionQuery + malformed, body: #"{"query":"SELECT * FROM c"}"#).status == .badRequest)
        }
    }
}
