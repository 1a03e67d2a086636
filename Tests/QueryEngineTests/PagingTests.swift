import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

@Suite struct PagingTests {
    static let documents = (0..<57).map { #"{"id":"\#($0)","pk":"p\#($0 % 4)","n":\#($0 % 9),"tags":["a","b"]}"# }

    @Test(arguments: [
        "SELECT * FROM c",
        "SELECT VALUE c.n FROM c WHERE c.n > 2",
        "SELECT c.id, t FROM c JOIN t IN c.tags",
        "SELECT * FROM c ORDER BY c.n DESC",
        "SELECT VALUE c.id FROM c ORDER BY c.n, c.id DESC",
        "SELECT DISTINCT VALUE c.n FROM c",
        "SELECT c.n, COUNT(1) AS k FROM c GROUP BY c.n",
        "SELECT VALUE COUNT(1) FROM c",
        "SELECT TOP 13 VALUE c.id FROM c",
        "SELECT VALUE c.id FROM c ORDER BY c.id OFFSET 5 LIMIT 20",
        "SELECT VALUE c.id FROM c OFFSET 50 LIMIT 20",
        "SELECT VALUE c.id FROM c WHERE c.pk = 'p1'",
    ])
    func everyShapePagesToTheSameAnswer(_ query: String) throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let whole = try container.rows(query)
            for pageSize in [1, 2, 5, 50] {
                #expect(try container.rows(query, pageSize: pageSize) == whole, "page size \(pageSize)")
            }
            let last = try container.query(query, options: QueryOptions(maxItemCount: 10_000))
            #expect(last.continuation == nil)
        }
    }

    @Test func resumingWhileWritingNeverRepeatsOrSkipsSurvivors() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            _ = try container.ingest((0..<200).map { Array(#"{"id":"\#($0)","pk":"p\#($0 % 5)","v":0}"#.utf8) })
            var seen: [String] = []
            var options = QueryOptions(maxItemCount: 17)
            var round = 0
            repeat {
                let page = try container.query("SELECT VALUE c.id FROM c", options: options)
                seen += page.values.compactMap(\.stringValue)
                options.continuation = page.continuation
                // Between pages: update existing documents, delete some not yet seen, add new ones.
                round += 1
                try container.upsert(#"{"id":"\#(round)","pk":"p\#(round % 5)","v":\#(round)}"#)
                try container.upsert(#"{"id":"\#(199 - round)","pk":"p\#((199 - round) % 5)","v":\#(round)}"#)
                try container.create(#"{"id":"new\#(round)","pk":"p0"}"#)
                if round == 3 { try container.delete(id: "150", partitionKey: .string("p0")) }
            } while options.continuation != nil
            #expect(Set(seen).count == seen.count, "a row appeared twice")
            let survivors = Set((0..<200).map(String.init)).subtracting(["150"])
            #expect(survivors.isSubset(of: Set(seen)), "missing: \(survivors.subtracting(seen).sorted())")
        }
    }

    /// A document of the indexed-scan tests: value `n`, a point near (-80, 35) on a 20-column grid, some long ids.
    static func indexedDocument(_ number: Int, version: Int = 0, partition: Int? = nil) -> String {
        let longitude = -80 + Double(number % 20) * 0.001
        let latitude = 35 + Double(number / 20) * 0.001
        return #"{"id":"\#(self.indexedID(number))","pk":"p\#(partition ?? number % 5)","n":\#(number),"v":\#(version),"#
            + #""loc":{"type":"Point","coordinates":[\#(longitude),\#(latitude)]}}"#
    }

    /// Every seventh id is 600 bytes long (identity keys then end in a hash of the id).
    static func indexedID(_ number: Int) -> String {
        number % 7 == 0 ? String(repeating: "long", count: 150) + "-\(number)" : "\(number)"
    }

    /// Paging a range-index, a spatial-index or a partition scan while documents are updated, created and deleted
    /// between pages: a document that exists throughout appears exactly once; one created meanwhile at most once.
    @Test(arguments: [
        ("SELECT VALUE c.id FROM c WHERE c.n >= 10 AND c.n < 290", "rangeIndex"),
        ("SELECT VALUE c.id FROM c WHERE c.n >= 10 ORDER BY c.n DESC", "rangeIndex"),
        (#"SELECT VALUE c.id FROM c WHERE ST_DISTANCE(c.loc, {"type":"Point","coordinates":[-79.99,35.006]}) < 900"#, "spatialIndex"),
        ("SELECT VALUE c.id FROM c WHERE c.pk = 'p1'", "partition"),
    ])
    func indexedScansResumeWhileWriting(_ query: String, _ kind: String) throws {
        var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        definition.indexingPolicy = .only(rangePaths: ["/n"], spatialPaths: ["/loc/*"])
        try withTemporaryStore { store in
            let container = try makeContainer(in: store, definition)
            _ = try container.ingest((0..<300).map { Array(Self.indexedDocument($0).utf8) })
            let before = try container.queryAll(query).compactMap(\.stringValue)
            #expect(before.count >= 40, "the query must span many pages")
            #expect(try container.explain(query).accessPath.kind == kind)
            var survivors = Set(before)
            var created: Set<String> = []
            var seen: [String] = []
            var options = QueryOptions(maxItemCount: 7)
            var round = 0
            repeat {
                let page = try container.query(query, options: options)
                #expect(page.plan.accessPath.kind == kind)
                seen += page.values.compactMap(\.stringValue)
                options.continuation = page.continuation
                round += 1
                // Between pages: rewrite documents already seen and not yet seen (same indexed values), add
                // documents the query matches, and delete one it has not returned yet.
                for number in [round * 3, 299 - round * 3] {
                    try container.upsert(Self.indexedDocument(number, version: round))
                }
                let fresh = 300 + round
                try container.create(Self.indexedDocument(fresh, partition: 1))
                created.insert(Self.indexedID(fresh))
                if round == 2, let victim = survivors.subtracting(seen).sorted().last,
                    let number = Int(victim.split(separator: "-").last ?? "")
                {
                    try container.delete(id: victim, partitionKey: .string("p\(number % 5)"))
                    survivors.remove(victim)
                }
            } while options.continuation != nil
            #expect(round > 5)
            #expect(Set(seen).count == seen.count, "a row appeared twice: \(seen.count - Set(seen).count)")
            #expect(survivors.isSubset(of: Set(seen)), "missing: \(survivors.subtracting(seen).sorted())")
            #expect(Set(seen).isSubset(of: Set(before).union(created)), "unexpected: \(Set(seen).subtracting(before).subtracting(created))")
        }
    }

    @Test func badTokensAreClearErrors() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let first = try container.query("SELECT * FROM c", options: QueryOptions(maxItemCount: 3))
            let token = try #require(first.continuation)
            for bad in ["garbage", "!!!", token + "x", String(token.dropLast(4)), ""] where !bad.isEmpty {
                let error = #expect(throws: QueryError.self) {
                    try container.query("SELECT * FROM c", options: QueryOptions(maxItemCount: 3, continuation: bad))
                }
                #expect(error?.kind == .invalidContinuation, "\(bad)")
            }
            let foreign = #expect(throws: QueryError.self) {
                try container.query("SELECT VALUE c.id FROM c", options: QueryOptions(maxItemCount: 3, continuation: token))
            }
            #expect(foreign?.kind == .invalidContinuation)
        }
    }

    @Test func examinationBudgetReturnsEmptyPagesWithContinuations() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            var options = QueryOptions(maximumExaminedDocuments: 10)
            var pages = 0
            var rows: [JSONValue] = []
            repeat {
                // A filter no index can serve: every document is examined.
                let page = try container.query("SELECT VALUE c.id FROM c WHERE (c.id || '') = '56'", options: options)
                rows += page.values
                options.continuation = page.continuation
                pages += 1
            } while options.continuation != nil
            #expect(rows == ["56"])
            #expect(pages >= 5)
        }
    }
}

