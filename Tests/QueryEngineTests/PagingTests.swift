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

