import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// ORDER BY streamed from a range index returns exactly the in-memory sort: type order undefined < null < false <
/// true < numbers < strings, numbers by exact value, strings by code point, ties by document in the direction of the
/// key. That includes the keys an index cannot order by itself: strings longer than an index key keeps (they share a
/// cut key) and integers from 2^53 on (neighbours share one double).
@Suite struct IndexOrderTests {
    static let long = String(repeating: "q", count: 300)

    /// (id, `"k":value` member or nothing), in insertion order, which is deliberately not the sort order.
    static let entries: [(id: String, member: String)] = [
        ("s3", #""k":"\#(long)b""#),
        ("i1", #""k":3"#),
        ("u1", ""),
        ("b1", #""k":9007199254740993"#),
        ("s5", #""k":"\#(long)""#),
        ("n1", #""k":null"#),
        ("t1", #""k":true"#),
        ("s9", #""k":"\#u{1F600}""#),
        ("b3", #""k":9007199254740992"#),
        ("z2", #""k":0.0"#),
        ("s1", #""k":"b""#),
        ("f1", #""k":false"#),
        ("d1", #""k":-1.5"#),
        ("s7", #""k":"\#(String(repeating: "q", count: 257))""#),
        ("b2", #""k":9007199254740992.0"#),
        ("s4", #""k":"\#(long)a""#),
        ("u2", ""),
        ("i2", #""k":3"#),
        ("s6", #""k":"\#(String(repeating: "q", count: 256))""#),
        ("z1", #""k":-0"#),
        ("s2", #""k":"""#),
        ("b4", #""k":18014398509481985"#),
        ("n2", #""k":null"#),
        ("b5", #""k":-9007199254740993"#),
        ("s8", #""k":"\#u{E9}""#),
    ]

    /// The ascending order, worked out by hand.
    static let ascending = ["u1", "u2", "n1", "n2", "f1", "t1", "b5", "d1", "z2", "z1", "i1", "i2", "b3", "b2", "b1", "b4",
                            "s2", "s1", "s6", "s7", "s5", "s4", "s3", "s8", "s9"]

    static var documents: [String] {
        self.entries.map { "{" + ([#""id":"\#($0.id)","pk":"p""#] + ($0.member.isEmpty ? [] : [$0.member])).joined(separator: ",") + "}" }
    }

    static func definition() -> ContainerDefinition {
        var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        definition.indexingPolicy = .only(rangePaths: ["/k"])
        return definition
    }

    static func ids(_ container: Container, _ query: String, pageSize: Int? = nil, indexes: Bool = true) throws -> [String] {
        var options = QueryOptions(maxItemCount: pageSize, usesIndexes: indexes)
        var ids: [String] = []
        repeat {
            let page = try container.query(query, options: options)
            ids += page.values.compactMap(\.stringValue)
            options.continuation = page.continuation
        } while options.continuation != nil
        return ids
    }

    @Test(arguments: ["", " ASC", " DESC"])
    func indexOrderEqualsTheInMemorySort(direction: String) throws {
        try withDocuments(Self.documents, definition: Self.definition()) { (container: Container) throws in
            let query = "SELECT VALUE c.id FROM c ORDER BY c.k\(direction)"
            let plan = try container.explain(query)
            #expect(plan.deliversOrder, "\(plan)")
            #expect(plan.accessPath.kind == "rangeIndex")
            let expected = direction == " DESC" ? Array(Self.ascending.reversed()) : Self.ascending
            #expect(try Self.ids(container, query, indexes: false) == expected, "the in-memory sort")
            #expect(try Self.ids(container, query) == expected)
            for pageSize in 1...Self.entries.count {
                #expect(try Self.ids(container, query, pageSize: pageSize) == expected, "page size \(pageSize)")
            }
            let top = "SELECT TOP 9 VALUE c.id FROM c ORDER BY c.k\(direction)"
            #expect(try Self.ids(container, top, pageSize: 2) == Array(expected.prefix(9)))
            let offset = "SELECT VALUE c.id FROM c ORDER BY c.k\(direction) OFFSET 12 LIMIT 8"
            #expect(try Self.ids(container, offset, pageSize: 3) == Array(expected[12..<20]))
        }
    }

    @Test func indexOrderWithinAnIntervalEqualsTheInMemorySort() throws {
        try withDocuments(Self.documents, definition: Self.definition()) { (container: Container) throws in
            for (query, expected) in [
                ("SELECT VALUE c.id FROM c WHERE c.k >= 'q' ORDER BY c.k", ["s6", "s7", "s5", "s4", "s3", "s8", "s9"]),
                ("SELECT VALUE c.id FROM c WHERE c.k > @q ORDER BY c.k DESC", ["s9", "s8", "s3", "s4", "s5", "s7"]),
                ("SELECT VALUE c.id FROM c WHERE c.k >= 9007199254740992 ORDER BY c.k", ["b3", "b2", "b1", "b4"]),
                ("SELECT VALUE c.id FROM c WHERE c.k < 9007199254740993 ORDER BY c.k DESC", ["b2", "b3", "i2", "i1", "z1", "z2", "d1", "b5"]),
            ] {
                let parameters: [String: JSONValue] = ["@q": .string(String(repeating: "q", count: 256))]
                let options = QueryOptions(parameters: parameters, maxItemCount: 1)
                #expect(try container.explain(query, options: options).deliversOrder, "\(query)")
                var pageOptions = options
                var ids: [String] = []
                repeat {
                    let page = try container.query(query, options: pageOptions)
                    ids += page.values.compactMap(\.stringValue)
                    pageOptions.continuation = page.continuation
                } while pageOptions.continuation != nil
                #expect(ids == expected, "\(query)")
                var scanOptions = options
                scanOptions.maxItemCount = nil
                scanOptions.usesIndexes = false
                #expect(try container.query(query, options: scanOptions).values.compactMap(\.stringValue) == expected, "\(query), in memory")
            }
        }
    }
}
