import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// Computed properties: queries see the value each property's query derives from the document, wherever they name
/// it; the document as stored is what `SELECT *`, `SELECT c` and reads return.
@Suite struct ComputedPropertyTests {
    static let documents = [
        #"{"id":"1","pk":"a","name":"Apple","price":2,"qty":3,"tags":["x","y"],"cp_lower":"stored"}"#,
        #"{"id":"2","pk":"b","name":"banana","price":1,"qty":10,"tags":["y"]}"#,
        #"{"id":"3","pk":"a","name":"CHERRY","price":5,"qty":1,"tags":[]}"#,
        #"{"id":"4","pk":"c","name":"apple","price":4,"qty":4}"#,
    ]

    static func definition(_ properties: [ComputedProperty]) -> ContainerDefinition {
        var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        definition.computedProperties = properties
        return definition
    }

    static let properties = [
        ComputedProperty(name: "cp_lower", query: "SELECT VALUE LOWER(c.name) FROM c"),
        ComputedProperty(name: "cp_total", query: "SELECT VALUE r.price * r.qty FROM root r"),
        ComputedProperty(name: "cp_summary", query: #"SELECT VALUE {"tags": e.tags, "first": e.tags[0]} FROM Events e"#),
    ]

    @Test func queriesSeeTheComputedValueWhereverTheyNameIt() throws {
        try withDocuments(Self.documents, definition: Self.definition(Self.properties)) { (container: Container) throws in
            #expect(try container.rows("SELECT c.id, c.cp_lower FROM c") == [
                #"{"id":"1","cp_lower":"apple"}"#, #"{"id":"2","cp_lower":"banana"}"#,
                #"{"id":"3","cp_lower":"cherry"}"#, #"{"id":"4","cp_lower":"apple"}"#,
            ])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.cp_lower = 'apple'") == [#""1""#, #""4""#])
            #expect(try container.rows("SELECT VALUE c.cp_total FROM c ORDER BY c.cp_total DESC") == ["16", "10", "6", "5"])
            #expect(try container.rows("SELECT c.cp_lower AS name, COUNT(1) AS n FROM c GROUP BY c.cp_lower") == [
                #"{"name":"apple","n":2}"#, #"{"name":"banana","n":1}"#, #"{"name":"cherry","n":1}"#,
            ])
            #expect(try container.rows("SELECT VALUE SUM(c.cp_total) FROM c") == ["37"])
            #expect(try container.rows("SELECT DISTINCT VALUE c['cp_lower'] FROM c") == [#""apple""#, #""banana""#, #""cherry""#])
            #expect(try container.rows("SELECT VALUE c.cp_summary.first FROM c") == [#""x""#, #""y""#])
            #expect(try container.rows("SELECT c.id, t FROM c JOIN t IN c.cp_summary.tags WHERE c.cp_total > 5") == [
                #"{"id":"1","t":"x"}"#, #"{"id":"1","t":"y"}"#, #"{"id":"2","t":"y"}"#,
            ])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE c.cp_total = 6)") == [#""1""#])
            let path = try #require(throws: QueryError.self) { try container.rows("SELECT VALUE t FROM t IN c.cp_summary.tags") }
            #expect(path.description.contains("FROM c JOIN x IN c.cp_summary"))
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.cp_lower = @name", parameters: ["@name": "banana"]) == [#""2""#])
            // Paged: the same rows, page by page.
            #expect(try container.rows("SELECT VALUE c.cp_lower FROM c ORDER BY c.cp_lower", pageSize: 1)
                == [#""apple""#, #""apple""#, #""banana""#, #""cherry""#])
        }
    }

    @Test func storedPropertiesOfTheSameNameAreHiddenExceptFromTheWholeDocument() throws {
        try withDocuments(Self.documents, definition: Self.definition(Self.properties)) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.cp_lower FROM c WHERE c.id = '1'") == [#""apple""#])
            let whole = try container.rows("SELECT * FROM c WHERE c.id = '1'") + container.rows("SELECT VALUE c FROM c WHERE c.id = '1'")
            for row in whole {
                #expect(row.contains(#""cp_lower":"stored""#) && !row.contains("cp_total") && !row.contains("cp_summary"))
            }
            let read = try #require(try container.read(id: "1", partitionKey: .string("a")))
            #expect(!String(decoding: read.body, as: UTF8.self).contains("cp_total"))
        }
    }

    @Test func aContainerWithoutThemAnswersAsBefore() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.cp_lower FROM c") == [#""stored""#])
        }
    }

    @Test func queriesOfTheWrongShapeAreRefusedWithTheReason() throws {
        let refused: [(query: String, reason: String)] = [
            ("SELECT LOWER(c.name) FROM c", "SELECT VALUE"),
            ("SELECT VALUE c.name FROM c WHERE c.x = 1", "WHERE"),
            ("SELECT VALUE t FROM c JOIN t IN c.tags", "JOIN"),
            ("SELECT TOP 1 VALUE c.name FROM c", "TOP"),
            ("SELECT VALUE c.name FROM c ORDER BY c.name", "ORDER BY"),
            ("SELECT VALUE t FROM t IN c.tags", "whole document"),
            ("SELECT VALUE 1", "whole document"),
            ("SELECT VALUE GetCurrentTimestamp() FROM c", "not deterministic"),
            ("SELECT VALUE RAND() FROM c", "not deterministic"),
            ("SELECT VALUE NOW() FROM c", "not deterministic"),
            ("SELECT VALUE c.at > AGO('dd', 1) FROM c", "not deterministic"),
            ("SELECT VALUE GetCurrentTicksStatic() FROM c", "not deterministic"),
            ("SELECT VALUE COUNT(1) FROM c", "aggregates"),
            ("SELECT VALUE ST_DISTANCE(c.a, c.b) FROM c", "spatial"),
            ("SELECT VALUE ARRAY(SELECT VALUE t FROM t IN c.tags) FROM c", "subqueries"),
            ("SELECT VALUE udf.f(c.x) FROM c", "user-defined"),
            ("SELECT VALUE name FROM c", "'name' is not defined"),
            ("SELECT VALUE c.name + @p FROM c", "@p"),
            ("SELECT VALUE NOSUCH(c.name) FROM c", "unknown function"),
            ("SELECT VALUE FROM c", "syntax error"),
        ]
        for (query, reason) in refused {
            let definition = Self.definition([ComputedProperty(name: "cp", query: query)])
            let error = try #require(throws: QueryError.self) { try definition.validateComputedProperties() }
            #expect(error.description.contains(reason) && error.description.contains("computed property 'cp'"), "\(query): \(error)")
            // The Swift API does not check queries when creating a container; every query then says why.
            try withDocuments(Self.documents, definition: definition) { (container: Container) throws in
                let failure = try #require(throws: QueryError.self) { try container.rows("SELECT VALUE c.id FROM c") }
                #expect(failure.description.contains(reason))
            }
        }
    }

    @Test func namesAreCheckedByTheStore() throws {
        let valid = #"SELECT VALUE c.a FROM c"#
        func definition(_ properties: String) throws -> ContainerDefinition {
            try ContainerDefinition(json: JSONReader.parse(#"{"id":"c","partitionKey":{"paths":["/pk"]},"computedProperties":\#(properties)}"#))
        }
        let accepted = try definition(#"[{"name":"cp_a","query":"\#(valid)"}]"#)
        #expect(accepted.computedProperties == [ComputedProperty(name: "cp_a", query: valid)])
        #expect(try ContainerDefinition(json: accepted.jsonValue) == accepted)
        let twentyOne = (0...20).map { #"{"name":"p\#($0)","query":"\#(valid)"}"# }.joined(separator: ",")
        for (properties, reason) in [
            (#"[{"name":"id","query":"\#(valid)"}]"#, "system property"),
            (#"[{"name":"_ts","query":"\#(valid)"}]"#, "system property"),
            (#"[{"name":"a","query":"\#(valid)"},{"name":"a","query":"\#(valid)"}]"#, "used twice"),
            (#"[{"name":"a/b","query":"\#(valid)"}]"#, "top-level"),
            (#"[{"name":"","query":"\#(valid)"}]"#, "top-level"),
            (#"[{"name":"a","query":""}]"#, "empty query"),
            (#"[{"name":"a"}]"#, "\"query\" string"),
            (#"{"name":"a"}"#, "must be an array"),
            ("[\(twentyOne)]", "at most 20"),
        ] {
            let error = try #require(throws: StoreError.self) { try definition(properties) }
            #expect(error.message.contains(reason), "\(properties): \(error.message)")
        }
    }

    @Test func aChangeOfTheComputedPropertiesEndsPagingWithAClearError() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store, Self.definition(Self.properties))
            _ = try container.ingest(Self.documents.map { Array($0.utf8) })
            let first = try container.query("SELECT VALUE c.cp_lower FROM c", options: QueryOptions(maxItemCount: 2))
            let continuation = try #require(first.continuation)
            try store.replaceContainer(Self.definition([ComputedProperty(name: "cp_lower", query: "SELECT VALUE UPPER(c.name) FROM c")]), in: "db")
            let error = try #require(throws: QueryError.self) {
                try container.query("SELECT VALUE c.cp_lower FROM c", options: QueryOptions(maxItemCount: 2, continuation: continuation))
            }
            #expect(error.kind == .invalidContinuation)
            #expect(try container.queryAll("SELECT VALUE c.cp_lower FROM c") == ["APPLE", "BANANA", "CHERRY", "APPLE"])
        }
    }
}
