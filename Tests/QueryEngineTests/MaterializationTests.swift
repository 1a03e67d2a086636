import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// Filters and projections on fields never parse a whole document: they read the stored member directory and parse
/// only the values they touch, and `SELECT *` writes the stored text. `QueryMetrics.documentsMaterialized` counts
/// the documents that were parsed whole, so this is measured rather than assumed.
@Suite struct MaterializationTests {
    static let documents = (0..<200).map { number in
        #"{"id":"\#(number)","pk":"p\#(number % 4)","n":\#(number % 10),"text":"\#(String(repeating: "t", count: 200))","#
            + #""nested":{"a":[1,2,{"b":\#(number)}],"c":"x"},"tags":["x","y"]}"#
    }

    /// The page metrics of `query` (one page holds every row here).
    static func metrics(_ container: Container, _ query: String, indexes: Bool, directFilters: Bool = true) throws -> (rows: Int, metrics: QueryMetrics) {
        let page = try container.query(query, options: QueryOptions(usesIndexes: indexes, usesDirectFilters: directFilters))
        #expect(page.continuation == nil)
        return (page.rows.count, page.metrics)
    }

    @Test(arguments: [false, true])
    func filtersOnFieldsMaterialiseNothing(indexes: Bool) throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let examined = indexes ? 20 : 200
            for query in [
                "SELECT VALUE c.id FROM c WHERE c.n = 5",
                "SELECT * FROM c WHERE c.n = 5",
                "SELECT c.id, c.nested.a[2].b AS b FROM c WHERE c.n = 5",
                "SELECT VALUE c.nested FROM c WHERE c.n = 5 AND c.nested.c = 'x'",
                "SELECT VALUE c.id FROM c WHERE c.n = 5 AND ARRAY_CONTAINS(c.tags, 'y')",
                "SELECT * FROM c WHERE c.n = 5 ORDER BY c.id",
                "SELECT VALUE COUNT(1) FROM c WHERE c.n = 5",
            ] {
                for directFilters in [true, false] {
                    let (rows, metrics) = try Self.metrics(container, query, indexes: indexes, directFilters: directFilters)
                    #expect(rows == (query.contains("COUNT") ? 1 : 20), "\(query)")
                    #expect(metrics.documentsExamined == examined, "\(query)")
                    #expect(metrics.documentsMaterialized == 0, "\(query), direct filters \(directFilters)")
                }
            }
            let plan = try container.explain("SELECT VALUE c.id FROM c WHERE c.n = 5", options: QueryOptions(usesIndexes: indexes))
            #expect(plan.accessPath.kind == (indexes ? "rangeIndex" : "fullScan"))
        }
    }

    @Test(arguments: [false, true])
    func wholeDocumentExpressionsAreCounted(indexes: Bool) throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            for query in [
                "SELECT VALUE IS_OBJECT(c) FROM c WHERE c.n = 5",
                "SELECT c AS document FROM c WHERE c.n = 5",
                "SELECT VALUE ObjectToArray(c) FROM c WHERE c.n = 5",
            ] {
                let (rows, metrics) = try Self.metrics(container, query, indexes: indexes)
                #expect(rows == 20, "\(query)")
                #expect(metrics.documentsMaterialized == 20, "\(query)")
                #expect(metrics.documentsExamined == (indexes ? 20 : 200), "\(query)")
            }
            // A filter over the whole document parses every document it examines.
            let (rows, metrics) = try Self.metrics(container, "SELECT VALUE c.id FROM c WHERE IS_DEFINED(c) AND c.n = 5", indexes: indexes)
            #expect(rows == 20)
            #expect(metrics.documentsMaterialized == metrics.documentsExamined)
        }
    }
}
