import Testing
@testable import CosmosSQL

/// Golden tests over `Fixtures/parse.sql`: every query must print as its recorded canonical and fully parenthesised
/// forms, and both must parse back to the same AST (the canonical form is a fixed point of print ∘ parse).
@Suite("Parser golden files")
struct ParserGoldenTests {
    @Test("the fixture file loads and covers the required constructs")
    func fixtureLoads() {
        let cases = Fixtures.goldenCases
        #expect(cases.count > 90)
        let queries = cases.map(\.query)
        let required = [
            "SELECT * FROM c WHERE c.epoch >= 1593099980 AND c.sender = 'python_kafka_sdk'",
            #"SELECT c.id, c.city_name FROM c WHERE ST_DISTANCE(c.location, {"type": "Point", "coordinates": [-80.84, 35.5]}) < 5000"#,
            "SELECT VALUE COUNT(1) FROM c",
            "SELECT COUNT(c.a > 0 ? 1 : undefined) FROM c",
            "SELECT c.value FROM c",
            "SELECT TOP 10 * FROM c ORDER BY c._ts DESC",
            "SELECT * FROM c OFFSET 5 LIMIT 10",
            "SELECT DISTINCT VALUE c.cat FROM c",
            "SELECT c.city, COUNT(1) AS n FROM c GROUP BY c.city",
        ]
        for query in required {
            #expect(queries.contains(query), "missing: \(query)")
        }
    }

    @Test("each query prints as its canonical and fully parenthesised forms", arguments: Fixtures.goldenCases)
    func canonicalForm(_ golden: GoldenCase) throws {
        let query = try SQLParser.parse(golden.query)
        #expect(query.formatted() == golden.expected)
        #expect(query.formatted(.fullyParenthesized) == golden.parenthesized)
    }

    @Test("canonical forms are fixed points: parse(print(parse(x))) == parse(x)", arguments: Fixtures.goldenCases)
    func stability(_ golden: GoldenCase) throws {
        let original = try SQLParser.parse(golden.query)
        let reparsed = try SQLParser.parse(original.formatted())
        #expect(reparsed == original)
        #expect(reparsed.formatted() == original.formatted())
        #expect(try SQLParser.parse(golden.expected) == original)
        #expect(try SQLParser.parse(golden.parenthesized) == original)
    }
}
