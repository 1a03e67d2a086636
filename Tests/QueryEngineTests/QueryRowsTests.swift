import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

@Suite struct QueryRowsTests {
    @Test func rowsAreSeparatedByCommasInOneBuffer() throws {
        var rows = QueryRows()
        #expect(rows.isEmpty && rows.joined.isEmpty)
        rows.append(Array(#"{"a":1}"#.utf8))
        rows.append("{}".utf8)
        rows.appendRow { $0.write(.array([.integer(2), .string("x,y")])) }
        rows.append("null".utf8)
        #expect(rows.count == 4)
        #expect(rows.map { String(decoding: $0, as: UTF8.self) } == [#"{"a":1}"#, "{}", #"[2,"x,y"]"#, "null"])
        #expect(String(decoding: rows.joined, as: UTF8.self) == #"{"a":1},{},[2,"x,y"],null"#)
        #expect(rows.byteCount == rows.joined.count)
        #expect(try JSONReader.parse(rows[2]) == .array([.integer(2), .string("x,y")]))
        #expect(rows == QueryRows([#"{"a":1}"#.utf8, "{}".utf8, #"[2,"x,y"]"#.utf8, "null".utf8]))
    }

    @Test func aPageOfDocumentsReadsBackRowByRow() throws {
        let documents = (0..<300).map { #"{"id":"\#($0)","pk":"p","text":"\#(String(repeating: "x", count: $0))"}"# }
        try withDocuments(documents) { (container: Container) throws in
            let page = try container.query("SELECT * FROM c", options: QueryOptions(maxItemCount: 1_000))
            #expect(page.rows.count == 300)
            for (index, row) in page.rows.enumerated() {
                let value = try JSONReader.parse(row)
                #expect(value["id"] == .string("\(index)"))
                #expect(value["text"] == .string(String(repeating: "x", count: index)))
                #expect(value["_etag"] != nil)
            }
            let array = try JSONReader.parse(Array("[".utf8) + page.rows.joined + Array("]".utf8))
            #expect(array == .array(page.values))
        }
    }
}
