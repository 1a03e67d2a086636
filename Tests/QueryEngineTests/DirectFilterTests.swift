import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// WHERE clauses that are conjunctions of `path op constant` are checked directly on stored bytes; these tests pin
/// their semantics to the generic evaluator's (run with ``QueryOptions/usesDirectFilters`` off) on the cases that
/// differ in the bytes: integers and doubles, integers beyond 2^53 (where index keys round), types that do not
/// compare, missing values, null, nested paths, strings with escapes or in other normalization forms (compared
/// ordinally, by code point) and every JSON type as a parameter.
@Suite struct DirectFilterTests {
    static let documents = [
        #"{"id":"i5","pk":"a","v":5,"n":{"x":5,"deep":{"y":"s"}}}"#,
        #"{"id":"d5","pk":"a","v":5.0,"n":{"x":5.0}}"#,
        #"{"id":"d55","pk":"a","v":5.5,"n":{"x":"5"}}"#,
        #"{"id":"e2","pk":"a","v":1E2,"n":{"x":null}}"#,
        #"{"id":"neg0","pk":"a","v":-0,"n":{"x":[5]}}"#,
        #"{"id":"big","pk":"b","v":9007199254740993,"n":{"x":{"x":5}}}"#,
        #"{"id":"huge","pk":"b","v":12345678901234567890,"n":5}"#,
        #"{"id":"str","pk":"b","v":"5","n":{"y":5}}"#,
        #"{"id":"esc","pk":"b","v":"a\"b","s":"\u00e9"}"#,
        #"{"id":"raw","pk":"b","v":"é","s":"e\u0301"}"#,
        #"{"id":"kelvin","pk":"c","v":"\u212A","s":"K"}"#,
        #"{"id":"null","pk":"c","v":null,"s":null}"#,
        #"{"id":"true","pk":"c","v":true,"s":false}"#,
        #"{"id":"arr","pk":"c","v":[5],"s":[]}"#,
        #"{"id":"obj","pk":"c","v":{"k":5},"s":{}}"#,
        #"{"id":"missing","pk":"c"}"#,
        #"{"id":"dup","pk":"c","n":{"x":1,"x":7}}"#,
    ]

    static let constants = [
        "5", "5.0", "5.5", "-0", "100", "9007199254740992", "9007199254740993", "1e300", "'5'", "'a\\\"b'", "'\\u00e9'",
        "'é'", "'K'", "'\\u212A'", "null", "true", "false", "[5]", "{\"k\":5}", "undefined", "''",
    ]

    static let paths = ["c.v", "c.s", "c.n.x", "c.n.deep.y", "c[\"v\"]", "c.n[\"x\"]", "c.missing", "c.n.x.x"]

    /// Every operator, path and constant: the direct answer equals the evaluator's, with and without the index.
    @Test func everyComparisonAnswersAsTheEvaluator() throws {
        var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        definition.indexingPolicy = IndexingPolicy(includedPaths: ["/*", "/n/x/?"], excludedPaths: [], spatialPaths: [])
        try withDocuments(Self.documents, definition: definition) { (container: Container) throws in
            var checked = 0
            for path in Self.paths {
                for constant in Self.constants {
                    var conditions = ["=", "!=", "<", "<=", ">", ">="].flatMap { ["\(path) \($0) \(constant)", "\(constant) \($0) \(path)"] }
                    conditions += [
                        "\(path) BETWEEN \(constant) AND 100", "\(path) NOT BETWEEN 0 AND \(constant)",
                        "\(path) IN (\(constant), 'K', 5)", "\(path) NOT IN (\(constant), true)",
                    ]
                    for condition in conditions {
                        try Self.expectSameAnswer(container, "SELECT VALUE c.id FROM c WHERE \(condition)")
                        checked += 1
                    }
                }
            }
            #expect(checked > 1000)
        }
    }

    @Test func conjunctionsAndParametersOfEveryType() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let parameters: [String: JSONValue] = [
                "@int": 5, "@double": 5.0, "@fraction": 5.5, "@string": "5", "@escaped": "a\"b", "@null": .null, "@true": true,
                "@array": [5], "@object": ["k": 5], "@big": .integer(9_007_199_254_740_993),
            ]
            for name in parameters.keys.sorted() {
                for query in [
                    "SELECT * FROM c WHERE c.v = \(name)", "SELECT * FROM c WHERE c.v >= \(name) AND c.pk != 'c'",
                    "SELECT VALUE c.id FROM c WHERE c.n.x <= \(name) AND c.v > 0", "SELECT c.id FROM c WHERE c.v IN (\(name), 'K')",
                ] {
                    try Self.expectSameAnswer(container, query, parameters: parameters)
                }
            }
        }
    }

    @Test func knownAnswers() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            func ids(_ condition: String, _ parameters: [String: JSONValue] = [:]) throws -> [String] {
                try container.rows("SELECT VALUE c.id FROM c WHERE \(condition)", parameters: parameters).sorted()
            }
            // Integers and doubles compare by value (5 = 5.0, 1E2 = 100, -0 = 0); strings never equal numbers.
            #expect(try ids("c.v = 5") == [#""d5""#, #""i5""#])
            #expect(try ids("c.v = @p", ["@p": 5.0]) == [#""d5""#, #""i5""#])
            #expect(try ids("c.v = 100 AND c.v >= 100") == [#""e2""#])
            #expect(try ids("c.v = 0") == [#""neg0""#])
            #expect(try ids("c.v = '5'") == [#""str""#])
            // Beyond 2^53 integers stay exact.
            #expect(try ids("c.v > 9007199254740992 AND c.v < 9007199254740994") == [#""big""#])
            // Comparisons across types, with null, arrays or objects, or with undefined, drop the row.
            #expect(try ids("c.v < 'z' AND c.v > ''") == [#""esc""#, #""str""#])
            #expect(try ids("c.v = null") == [#""null""#])
            #expect(try ids("c.v >= null") == [#""null""#])
            #expect(try ids("c.v != 5 AND c.v < 6") == [#""d55""#, #""neg0""#])
            #expect(try ids("c.v = [5]") == [#""arr""#])
            #expect(try ids("c.v < [6]") == [])
            #expect(try ids("c.missing != 1") == [])
            #expect(try ids("c.v NOT IN (5, 'K')").contains(#""missing""#) == false)
            // Nested paths read objects only (not array elements) and take the last of repeated keys.
            #expect(try ids("c.n.x = 5") == [#""d5""#, #""i5""#])
            #expect(try ids("c.n.deep.y = 's'") == [#""i5""#])
            #expect(try ids("c.n.x.x = 5") == [#""big""#])
            #expect(try ids("c.n.x = 7") == [#""dup""#])
            #expect(try ids("c.n.x = 1") == [])
            // Strings: escapes are decoded before comparing; order is by code point.
            #expect(try ids(#"c.v = 'a"b'"#) == [#""esc""#])
            #expect(try ids("c.v > 'z'") == [#""kelvin""#, #""raw""#])
            // Equality is ordinal too: canonically equivalent spellings are different strings (as in the index).
            #expect(try ids("c.s = 'é'") == [#""esc""#])
            #expect(try ids(#"c.s = 'e\u0301'"#) == [#""raw""#])
            #expect(try ids("c.v = 'K'") == [])
            #expect(try ids(#"c.v IN ('K', '\u212A')"#) == [#""kelvin""#])
        }
    }

    /// Rows and their order must not depend on the direct filter, with or without indexes.
    static func expectSameAnswer(_ container: Container, _ query: String, parameters: [String: JSONValue] = [:],
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reference = try Self.rows(container, query, parameters, indexes: false, direct: false)
        for indexes in [false, true] {
            let direct = try Self.rows(container, query, parameters, indexes: indexes, direct: true)
            let generic = try Self.rows(container, query, parameters, indexes: indexes, direct: false)
            #expect(direct.sorted() == reference.sorted(), "\(query) (indexes: \(indexes))", sourceLocation: sourceLocation)
            #expect(direct == generic, "\(query) (indexes: \(indexes)): order", sourceLocation: sourceLocation)
        }
    }

    static func rows(_ container: Container, _ query: String, _ parameters: [String: JSONValue], indexes: Bool, direct: Bool) throws -> [String] {
        var options = QueryOptions(parameters: parameters, maxItemCount: 3, usesIndexes: indexes, usesDirectFilters: direct)
        var rows: [String] = []
        repeat {
            let page = try container.query(query, options: options)
            rows += page.rows.map { String(decoding: $0, as: UTF8.self) }
            options.continuation = page.continuation
        } while options.continuation != nil
        return rows
    }
}
