import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// Sorted, DISTINCT and GROUP BY pages resume after their last row's key; keys of any size must page, with tokens
/// that still fit an HTTP header, and with every row exactly once.
@Suite struct LargeKeyPagingTests {
    /// The most characters a token may have (request headers of 8 KB are a common limit).
    static let maximumTokenLength = 4096

    /// About 12 KB each, all sharing their first 300 characters (longer than an index key keeps), in an insertion
    /// order unrelated to their sort order; four values repeat, and one document has no `big` at all.
    static func big(_ variant: Int) -> String {
        String(repeating: "p", count: 300) + String(Array("abcdefghij")[variant]) + String(repeating: "x", count: 12_000)
    }

    static let variants = [5, 2, 8, 0, 2, 7, 3, 8, 1, 6, 5, 4, 0, 9]

    static var documents: [String] {
        var documents = self.variants.enumerated().map { index, variant in
            #"{"id":"d\#(index)","pk":"p\#(index % 3)","big":"\#(self.big(variant))","#
                + #""bigObject":{"text":"\#(self.big(variant % 4))","n":\#(variant % 4)}}"#
        }
        documents.append(#"{"id":"none","pk":"p0"}"#)
        return documents
    }

    /// The ids in ORDER BY c.big order: undefined first, then by value, ties in insertion order.
    static var idsByBig: [String] {
        let ordered = self.variants.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
        return ["\"none\""] + ordered.map { "\"d\($0.offset)\"" }
    }

    static func indexedDefinition() -> ContainerDefinition {
        var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        definition.indexingPolicy = .only(rangePaths: ["/big"])
        return definition
    }

    /// Every page of `query`, checking each token's size.
    static func pages(_ container: Container, _ query: String, pageSize: Int) throws -> [String] {
        var options = QueryOptions(maxItemCount: pageSize)
        var rows: [String] = []
        repeat {
            let page = try container.query(query, options: options)
            rows += page.rows.map { String(decoding: $0, as: UTF8.self) }
            if let token = page.continuation {
                #expect(token.utf8.count <= Self.maximumTokenLength, "\(query): a token of \(token.utf8.count) characters")
            }
            options.continuation = page.continuation
        } while options.continuation != nil
        return rows
    }

    @Test(arguments: [false, true])
    func orderByOnHugeStringsPages(indexed: Bool) throws {
        let definition = indexed ? Self.indexedDefinition() : ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        try withDocuments(Self.documents, definition: definition) { (container: Container) throws in
            let ascending = "SELECT VALUE c.id FROM c ORDER BY c.big"
            let descending = "SELECT VALUE c.id FROM c ORDER BY c.big DESC"
            #expect(try container.explain(ascending).deliversOrder == indexed)
            // Descending: ties go by document in the direction of the key, so the whole order reverses.
            let expectedDescending = Array(Self.idsByBig.reversed())
            #expect(try Self.pages(container, ascending, pageSize: 1000) == Self.idsByBig)
            #expect(try Self.pages(container, descending, pageSize: 1000) == expectedDescending)
            for pageSize in 1...Self.documents.count {
                #expect(try Self.pages(container, ascending, pageSize: pageSize) == Self.idsByBig, "page size \(pageSize)")
                #expect(try Self.pages(container, descending, pageSize: pageSize) == expectedDescending, "page size \(pageSize)")
            }
            let withOffset = "SELECT VALUE c.id FROM c ORDER BY c.big OFFSET 3 LIMIT 9"
            for pageSize in [1, 2, 4] {
                #expect(try Self.pages(container, withOffset, pageSize: pageSize) == Array(Self.idsByBig[3..<12]), "page size \(pageSize)")
            }
            let whole = "SELECT * FROM c ORDER BY c.big"
            let unpaged = try Self.pages(container, whole, pageSize: 1000)
            #expect(try Self.pages(container, whole, pageSize: 2) == unpaged)
        }
    }

    @Test func distinctAndGroupByOnHugeValuesPage() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let queries = [
                ("SELECT DISTINCT VALUE c.big FROM c", 10),
                ("SELECT DISTINCT c.bigObject FROM c", 5),  // four objects and {} for the document without one
                ("SELECT DISTINCT VALUE c.bigObject FROM c", 4),
                ("SELECT DISTINCT VALUE c.big FROM c ORDER BY c.big DESC", 10),
                ("SELECT c.big, COUNT(1) AS n FROM c GROUP BY c.big", 11),  // ten values and the undefined group
                ("SELECT c.bigObject AS o, c.big AS b, COUNT(1) AS n FROM c GROUP BY c.bigObject, c.big", 11),
                ("SELECT VALUE c.id FROM c ORDER BY c.bigObject, c.big DESC", 15),
            ]
            for (query, count) in queries {
                let whole = try Self.pages(container, query, pageSize: 1000)
                #expect(whole.count == count, "\(query)")
                #expect(Set(whole).count == whole.count, "\(query): a row twice")
                for pageSize in 1...count {
                    #expect(try Self.pages(container, query, pageSize: pageSize) == whole, "\(query), page size \(pageSize)")
                }
            }
        }
    }

    @Test func aHugeKeyRowThatDisappearsBetweenPagesSkipsNothingElse() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let query = "SELECT VALUE c.id FROM c ORDER BY c.big"
            let first = try container.query(query, options: QueryOptions(maxItemCount: 4))
            let returned = first.values.compactMap(\.stringValue)
            #expect(returned.map { "\"\($0)\"" } == Array(Self.idsByBig[0..<4]))
            // The page's last row goes away; the rest of the result must follow without a gap or a repeat.
            let last = try #require(returned.last)
            let number = try #require(Int(last.dropFirst()))
            try container.delete(id: last, partitionKey: .string("p\(number % 3)"))
            var options = QueryOptions(maxItemCount: 3, continuation: first.continuation)
            var rest: [String] = []
            repeat {
                let page = try container.query(query, options: options)
                rest += page.values.compactMap(\.stringValue).map { "\"\($0)\"" }
                options.continuation = page.continuation
            } while options.continuation != nil
            #expect(rest == Array(Self.idsByBig[4...]))
        }
    }
}
