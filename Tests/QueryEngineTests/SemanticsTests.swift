import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// The language semantics of sql.md, one test each.
@Suite struct SemanticsTests {
    static let documents = [
        #"{"id":"1","pk":"a","n":1,"s":"x","b":true,"arr":[1,2,3],"o":{"k":1},"cat":"red"}"#,
        #"{"id":"2","pk":"a","n":2.5,"s":"y","b":false,"arr":[],"nul":null,"cat":"blue"}"#,
        #"{"id":"3","pk":"b","n":"3","s":"z","tags":["t1","t2"]}"#,
        #"{"id":"4","pk":"b","n":5,"cat":"red"}"#,
    ]

    @Test func projectionDropsUndefinedProperties() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT c.cat FROM c ORDER BY c.id") == [#"{"cat":"red"}"#, #"{"cat":"blue"}"#, "{}", #"{"cat":"red"}"#])
            #expect(try container.rows("SELECT VALUE c.cat FROM c ORDER BY c.id") == [#""red""#, #""blue""#, #""red""#])
        }
    }

    @Test func undefinedIsNotNull() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.nul = null") == [#""2""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE IS_DEFINED(c.nul)") == [#""2""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.missing = null") == [])
        }
    }

    @Test func comparisonsAcrossTypesAreUndefined() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            // "3" is a string: it is neither > 2 nor <= 2.
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.n > 2 ORDER BY c.id") == [#""2""#, #""4""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.n <= 2 ORDER BY c.id") == [#""1""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE NOT (c.n > 2) ORDER BY c.id") == [#""1""#])
            // Only the string "3" compares with '3'; every other row's comparison is undefined, so VALUE drops it.
            #expect(try container.rows("SELECT VALUE c.n = '3' FROM c ORDER BY c.id") == ["true"])
        }
    }

    @Test func logicIsThreeValued() throws {
        try withDocuments([#"{"id":"1","pk":"a"}"#]) { (container: Container) throws in
            let rows = try container.rows(
                "SELECT VALUE [false AND c.x, true OR c.x, true AND c.x, false OR c.x, NOT c.x, c.x ?? 'fallback'] FROM c"
            )
            #expect(rows == [#"[false,true,"fallback"]"#])
        }
    }

    @Test func integersAndDoublesCompareByValue() throws {
        try withDocuments([#"{"id":"1","pk":"a","v":5}"#, #"{"id":"2","pk":"a","v":5.0}"#]) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.v = 5.0 ORDER BY c.id") == [#""1""#, #""2""#])
            #expect(try container.rows("SELECT DISTINCT VALUE c.v FROM c").count == 1)
        }
    }

    @Test func stringEqualityIsOrdinal() throws {
        // As in the service (and the range index): canonically equivalent spellings are different strings.
        let documents = [#"{"id":"1","pk":"a","s":"\u00e9"}"#, #"{"id":"2","pk":"a","s":"e\u0301"}"#, #"{"id":"3","pk":"a","s":"\u212A"}"#]
        try withDocuments(documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s = 'é'", parameters: [:]) == [#""1""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s IN ('K', 'e')") == [])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s != 'é' ORDER BY c.id") == [#""2""#, #""3""#])
        }
    }

    @Test func rangeIndexBoundsBeyond2To53MissNothing() throws {
        // Index keys hold numbers as doubles: 9007199254740993 is stored under 9007199254740992.
        var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        definition.indexingPolicy = .only(rangePaths: ["/v"])
        let documents = [#"{"id":"1","pk":"a","v":9007199254740992}"#, #"{"id":"2","pk":"a","v":9007199254740993}"#]
        try withDocuments(documents, definition: definition) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.v > 9007199254740992") == [#""2""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.v < 9007199254740993") == [#""1""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.v = 9007199254740993") == [#""2""#])
        }
    }

    @Test func orderByKeepsUndefinedKeysAndOrdersTypes() throws {
        let documents = [
            #"{"id":"s","pk":"a","k":"text"}"#, #"{"id":"n","pk":"a","k":3}"#, #"{"id":"t","pk":"a","k":true}"#,
            #"{"id":"f","pk":"a","k":false}"#, #"{"id":"z","pk":"a","k":null}"#, #"{"id":"u","pk":"a"}"#,
            #"{"id":"a","pk":"a","k":[1]}"#, #"{"id":"o","pk":"a","k":{"x":1}}"#, #"{"id":"m","pk":"a","k":-1.5}"#,
        ]
        try withDocuments(documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c ORDER BY c.k") == ["u", "z", "f", "t", "m", "n", "s", "a", "o"].map { "\"\($0)\"" })
            #expect(try container.rows("SELECT VALUE c.id FROM c ORDER BY c.k DESC") == ["o", "a", "s", "n", "m", "t", "f", "z", "u"].map { "\"\($0)\"" })
        }
    }

    @Test func aggregatesFollowTheirRules() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE COUNT(1) FROM c") == ["4"])
            #expect(try container.rows("SELECT VALUE COUNT(c.cat) FROM c") == ["3"])
            // "3" is a string: SUM and AVG are undefined, so VALUE yields no row.
            #expect(try container.rows("SELECT VALUE SUM(c.n) FROM c") == [])
            #expect(try container.rows("SELECT VALUE SUM(c.n) FROM c WHERE c.id != '3'") == ["8.5"])
            #expect(try container.rows("SELECT VALUE AVG(c.n) FROM c WHERE c.id IN ('1', '4')") == ["3"])
            #expect(try container.rows("SELECT VALUE MAX(c.n) FROM c") == [#""3""#])
            #expect(try container.rows("SELECT VALUE MIN(c.n) FROM c") == ["1"])
            #expect(try container.rows("SELECT COUNT(1) AS n, SUM(c.n) AS s FROM c WHERE c.pk = 'a'") == [#"{"n":2,"s":3.5}"#])
            #expect(try container.rows("SELECT COUNT(1), MAX(c.id) FROM c") == [#"{"$1":4,"$2":"4"}"#])
            #expect(try container.rows("SELECT VALUE COUNT(1) FROM c WHERE c.id = 'none'") == ["0"])
            #expect(try container.rows("SELECT VALUE MAX(c.n) FROM c WHERE c.id = 'none'") == [])
        }
    }

    @Test func countOfATernaryCountsOnlyMatches() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE COUNT(c.n > 1 ? 1 : undefined) FROM c") == ["2"])
            #expect(try container.rows("SELECT VALUE c.n > 1 ? 'big' : 'small' FROM c WHERE c.id = '1'") == [#""small""#])
        }
    }

    @Test func inBetweenAndLike() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.n IN (1, '3') ORDER BY c.id") == [#""1""#, #""3""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.n NOT IN (1, 5) ORDER BY c.id") == [#""2""#, #""3""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.n BETWEEN 1 AND 3 ORDER BY c.id") == [#""1""#, #""2""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.cat LIKE 'r%' ORDER BY c.id") == [#""1""#, #""4""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s LIKE '[x-y]' ORDER BY c.id") == [#""1""#, #""2""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s LIKE '[^x-y]'") == [#""3""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.cat NOT LIKE '%e%'") == [])
            #expect(try container.rows(#"SELECT VALUE 'a%b' LIKE 'a!%b' ESCAPE '!' FROM c WHERE c.id = '1'"#) == ["true"])
            #expect(try container.rows(#"SELECT VALUE 'axb' LIKE 'a!%b' ESCAPE '!' FROM c WHERE c.id = '1'"#) == ["false"])
            #expect(try container.rows(#"SELECT VALUE 'a_b' LIKE 'a[_]b' FROM c WHERE c.id = '1'"#) == ["true"])
        }
    }

    @Test func distinctAndGroupBy() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT DISTINCT VALUE c.cat FROM c") == [#""blue""#, #""red""#])
            #expect(try container.rows("SELECT DISTINCT c.cat FROM c") == ["{}", #"{"cat":"blue"}"#, #"{"cat":"red"}"#])
            #expect(try container.rows("SELECT c.cat, COUNT(1) AS n FROM c GROUP BY c.cat") == [#"{"n":1}"#, #"{"cat":"blue","n":1}"#, #"{"cat":"red","n":2}"#])
            #expect(throws: QueryError.self) { try container.rows("SELECT c.id, COUNT(1) FROM c GROUP BY c.cat") }
            #expect(throws: QueryError.self) { try container.rows("SELECT c.cat FROM c GROUP BY c.cat ORDER BY c.cat") }
        }
    }

    @Test(arguments: [
        ("SELECT COUNT(1) AS n FROM c GROUP BY (SELECT VALUE 1)", "subquery"),
        ("SELECT COUNT(1) AS n FROM c GROUP BY (SELECT VALUE t FROM t IN c.tags)", "subquery"),
        ("SELECT COUNT(1) AS n FROM c GROUP BY EXISTS(SELECT VALUE t FROM t IN c.tags)", "subquery"),
        ("SELECT COUNT(1) AS n FROM c GROUP BY ARRAY(SELECT VALUE t FROM t IN c.tags)", "subquery"),
        ("SELECT COUNT(1) AS n FROM c GROUP BY c.cat, (SELECT VALUE 1)", "subquery"),
        ("SELECT COUNT(1) AS n FROM c GROUP BY COUNT(1)", "aggregate COUNT"),
        ("SELECT COUNT(1) AS n FROM c GROUP BY c.cat, MAX(c.n)", "aggregate MAX"),
        ("SELECT COUNT(1) AS n FROM c GROUP BY ABS(SUM(c.n))", "aggregate SUM"),
        ("SELECT c.cat AS k, COUNT(1) AS n FROM c GROUP BY k", "'k' is not defined"),
    ])
    func groupByRejectsSubqueriesAggregatesAndAliases(_ query: String, _ reason: String) throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let error = #expect(throws: QueryError.self, "\(query)") { try container.query(query) }
            #expect(error?.kind == .invalidQuery, "\(query)")
            #expect(error?.message.contains(reason) == true, "\(query): \(error?.message ?? "")")
            if reason.hasPrefix("subquery") || reason.hasPrefix("aggregate") {
                #expect(error?.message.hasPrefix("GROUP BY cannot contain") == true, "\(query): \(error?.message ?? "")")
            }
        }
    }

    @Test func offsetLimitAndTopApplyAfterOrdering() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c ORDER BY c.id DESC OFFSET 1 LIMIT 2") == [#""3""#, #""2""#])
            #expect(try container.rows("SELECT TOP 2 VALUE c.id FROM c ORDER BY c.id") == [#""1""#, #""2""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c ORDER BY c.id OFFSET @o LIMIT @l", parameters: ["@o": 3, "@l": 10]) == [#""4""#])
            #expect(try container.rows("SELECT TOP 0 * FROM c") == [])
        }
    }

    @Test func unnamedProjectionsAreNumbered() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT c.id, c.n + 1, UPPER(c.s) ?? 'none' FROM c WHERE c.id = '1'").first?.hasPrefix(#"{"id":"1","$1":2"#) == true)
        }
    }

    @Test func joinsAreCrossProductsWithinADocument() throws {
        let documents = [
            #"{"id":"f1","pk":"a","children":[{"name":"x","pets":["cat","dog"]},{"name":"y","pets":[]}],"tags":["u","v"]}"#,
            #"{"id":"f2","pk":"a","children":"not an array"}"#,
        ]
        try withDocuments(documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE ch.name FROM c JOIN ch IN c.children") == [#""x""#, #""y""#])
            #expect(try container.rows("SELECT p AS pet, ch.name FROM c JOIN ch IN c.children JOIN p IN ch.pets")
                == [#"{"pet":"cat","name":"x"}"#, #"{"pet":"dog","name":"x"}"#])
            #expect(try container.rows("SELECT VALUE COUNT(1) FROM c JOIN t IN c.tags JOIN ch IN c.children") == ["4"])
            #expect(try container.rows("SELECT VALUE t FROM t IN c.tags") == [#""u""#, #""v""#])
            #expect(throws: QueryError.self) { try container.rows("SELECT * FROM c JOIN t IN c.tags") }
        }
    }

    /// The JOINs of one document may make at most `maximumJoinRowsPerDocument` bindings (10^6 by default). When the
    /// query needs every row (an aggregate, a sort) and every JOIN reads the base document, the product of the array
    /// lengths is known up front and a runaway is refused before any row is made; otherwise bindings are counted as
    /// they are made, partial combinations included, and a page that fills first is served.
    @Test func runawayJoinsAreRefused() throws {
        let hundred = (0..<100).map(String.init).joined(separator: ",")
        let pairs = (0..<100).map { _ in #"{"in":[1,2]}"# }.joined(separator: ",")
        let documents = [#"{"id":"n","pk":"a","arr":[\#(hundred)],"objs":[\#(pairs)]}"#]
        try withDocuments(documents) { (container: Container) throws in
            // 100^4 rows in all, but a full page stops the expansion early.
            #expect(try container.query("SELECT VALUE [a, b, d, e] FROM c JOIN a IN c.arr JOIN b IN c.arr JOIN d IN c.arr JOIN e IN c.arr",
                                        options: QueryOptions(maxItemCount: 3)).values
                == (0..<3).map { .array([.integer(0), .integer(0), .integer(0), .integer($0)]) })
            // Counting them is refused from the array lengths alone.
            let known = #expect(throws: QueryError.self) {
                try container.query("SELECT VALUE COUNT(1) FROM c JOIN a IN c.arr JOIN b IN c.arr JOIN d IN c.arr JOIN e IN c.arr")
            }
            #expect(known?.message.contains("more than 1000000 rows") == true)
            // A JOIN over another JOIN's alias is counted as it expands (here against a lower limit).
            let limited = QueryOptions(maximumJoinRowsPerDocument: 1000)
            #expect(try container.query("SELECT VALUE COUNT(1) FROM c JOIN o IN c.objs JOIN e IN o.in", options: limited).values
                == [.integer(200)])
            let counted = #expect(throws: QueryError.self) {
                try container.query("SELECT VALUE COUNT(1) FROM c JOIN o IN c.objs JOIN b IN c.arr JOIN e IN o.in", options: limited)
            }
            #expect(counted?.message.contains("more than 1000 rows") == true)
            // Partial combinations count too: a last JOIN that is always empty cannot hide a runaway.
            let empty = #expect(throws: QueryError.self) {
                try container.query("SELECT VALUE COUNT(1) FROM c JOIN o IN c.objs JOIN b IN c.arr JOIN z IN o.none", options: limited)
            }
            #expect(empty?.message.contains("more than 1000 rows") == true)
        }
    }

    @Test func subqueries() throws {
        let documents = [
            #"{"id":"1","pk":"a","tags":["a","b"],"scores":[1,5,9]}"#,
            #"{"id":"2","pk":"a","tags":["c"],"scores":[2]}"#,
        ]
        try withDocuments(documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = 'b')") == [#""1""#])
            #expect(try container.rows("SELECT VALUE ARRAY(SELECT VALUE s * 2 FROM s IN c.scores WHERE s > 1) FROM c ORDER BY c.id")
                == ["[10,18]", "[4]"])
            #expect(try container.rows("SELECT c.id, (SELECT VALUE MAX(s) FROM s IN c.scores) AS best FROM c ORDER BY c.id")
                == [#"{"id":"1","best":9}"#, #"{"id":"2","best":2}"#])
            #expect(try container.rows("SELECT VALUE c.id FROM c JOIN (SELECT VALUE s FROM s IN c.scores WHERE s > 4) big") == [#""1""#, #""1""#])
            #expect(try container.rows("SELECT VALUE EXISTS(SELECT VALUE undefined) FROM c WHERE c.id = '1'") == ["false"])
            #expect(try container.rows("SELECT VALUE EXISTS(SELECT undefined) FROM c WHERE c.id = '1'") == ["true"])
        }
    }

    @Test func arithmeticAndStrings() throws {
        try withDocuments([#"{"id":"1","pk":"a","a":7,"b":2,"s":"ab"}"#]) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE [c.a + c.b, c.a - c.b, c.a * c.b, c.a / c.b, c.a % c.b, -c.a, 4 / 2, c.s || 'c', c.a || 'x', c.a + 'x', 1 / 0] FROM c")
                == [#"[9,5,14,3.5,1,-7,2,"abc"]"#])
            #expect(try container.rows("SELECT VALUE [5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 3, -16 >> 2, -16 >>> 28] FROM c") == ["[1,7,6,-6,8,-4,15]"])
        }
    }

    @Test func errorsAreClearAndNeverReturnEverything() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let syntax = #expect(throws: QueryError.self) { try container.query("SELECT * FROMM c") }
            #expect(syntax?.kind == .syntax)
            #expect(syntax?.description.contains("line 1") == true)
            #expect(throws: QueryError.self) { try container.query("SELECT id FROM c") }
            let unknown = #expect(throws: QueryError.self) { try container.query("SELECT VALUE NOSUCH(c.id) FROM c") }
            #expect(unknown?.kind == .unsupported)
            #expect(throws: QueryError.self) { try container.query("SELECT * FROM c WHERE COUNT(1) > 1") }
            let parameter = #expect(throws: QueryError.self) { try container.query("SELECT * FROM c WHERE c.n = @missing") }
            #expect(parameter?.kind == .invalidParameter)
            #expect(throws: QueryError.self) { try container.query("SELECT udf.f(c.id) FROM c") }
            #expect(throws: QueryError.self) { try container.query("SELECT c.a, c.b.a FROM c") }
        }
    }

    @Test func parametersBindAnyJSONValue() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.cat = @cat ORDER BY c.id", parameters: ["@cat": "red"]) == [#""1""#, #""4""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.o = @o", parameters: ["@o": ["k": 1]]) == [#""1""#])
            #expect(try container.rows("SELECT VALUE @list", parameters: ["@list": [1, nil, "x"]]) == [#"[1,null,"x"]"#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c[@p] = 'z'", parameters: ["@p": "s"]) == [#""3""#])
        }
    }

    @Test func selectStarReturnsDocumentsWithSystemProperties() throws {
        try withDocuments([#"{"id":"1","pk":"a","v":1}"#]) { (container: Container) throws in
            let page = try container.query("SELECT * FROM c")
            let document = try #require(page.values.first)
            #expect(document["id"] == "1")
            #expect(document["_rid"]?.stringValue?.isEmpty == false)
            #expect(document["_ts"]?.integerValue != nil)
            #expect(try container.query("SELECT VALUE c FROM c").values == page.values)
            #expect(try container.rows("SELECT c._ts > 0 AS recent FROM c") == [#"{"recent":true}"#])
        }
    }
}
