@testable import CosmosGateway
import DocumentStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The query-plan route (cosmos-wire.md 9.3, 9.4): the plan's fields for each kind of query, its `rewrittenQuery`,
/// and, run per range on a container of four ranges and merged the way an SDK merges, the same answer as the query
/// itself.
@Suite struct QueryPlanRouteTests {
    /// What azure-cosmos 4.17.1 sends (no GroupBy, MultipleAggregates or NonValueAggregate).
    static let pythonFeatures = "Aggregate,CompositeAggregate,Distinct,MultipleOrderBy,OffsetAndLimit,OrderBy,Top,NonStreamingOrderBy,HybridSearch,CountIf,WeightedRankFusion"
    static let allFeatures = pythonFeatures + ",GroupBy,MultipleAggregates,NonValueAggregate"
    static let docs = "/dbs/db/colls/c/docs/"

    static func plan(_ client: any TestClientProtocol, _ text: String, features: String? = allFeatures,
                     extra: [(HTTPField.Name, String)] = []) async throws -> TestResponse {
        var headers: [(HTTPField.Name, String)] = [(.isQueryPlanRequest, "True"), (.contentType, "application/json")]
        if let features { headers.append((.supportedQueryFeatures, features)) }
        return try await client.send(.post, Self.docs, headers: headers + extra, body: Self.body(text))
    }

    static func body(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: ["query": text]), as: UTF8.self)
    }

    /// A JSON number as a Double, whether it was written as an integer or not.
    static func double(_ value: Any?) -> Double? {
        (value as? NSNumber)?.doubleValue
    }

    static func queryInfo(_ response: TestResponse) throws -> [String: Any] {
        try #require(response.json["queryInfo"] as? [String: Any], "\(response.text)")
    }

    struct Expectation: Sendable, CustomTestStringConvertible {
        var query: String
        var rewritten: String
        var top: Int? = nil
        var offset: Int? = nil
        var limit: Int? = nil
        var orderBy: [String] = []
        var orderByExpressions: [String] = []
        var aggregates: [String] = []
        var distinct = "None"
        var selectValue = false
        var groupBy: [String] = []
        var aliases: [String] = []
        var aliasTypes: [String: String?] = [:]
        var testDescription: String { self.query }
    }

    static let kinds: [Expectation] = [
        Expectation(query: "SELECT * FROM c", rewritten: ""),
        Expectation(query: "SELECT TOP 5 c.id FROM c", rewritten: "", top: 5),
        Expectation(query: "SELECT DISTINCT VALUE c.cat FROM c", rewritten: "", distinct: "Unordered", selectValue: true),
        Expectation(query: "SELECT VALUE c.n FROM c OFFSET 3 LIMIT 4", rewritten: "SELECT TOP 7 VALUE c.n FROM c", offset: 3, limit: 4,
                    selectValue: true),
        Expectation(
            query: "SELECT * FROM c WHERE c.n > 1 ORDER BY c.n DESC",
            rewritten: #"SELECT c._rid, [{"item": c.n}] AS orderByItems, c AS payload FROM c WHERE c.n > 1 AND ({documentdb-formattableorderbyquery-filter}) ORDER BY c.n DESC"#,
            orderBy: ["Descending"], orderByExpressions: ["c.n"]
        ),
        Expectation(
            query: "SELECT c.id, c.n FROM c ORDER BY c.n OFFSET 5 LIMIT 10",
            rewritten: #"SELECT TOP 15 c._rid, [{"item": c.n}] AS orderByItems, {"id": c.id, "n": c.n} AS payload FROM c WHERE ({documentdb-formattableorderbyquery-filter}) ORDER BY c.n"#,
            offset: 5, limit: 10, orderBy: ["Ascending"], orderByExpressions: ["c.n"]
        ),
        Expectation(
            query: "SELECT TOP 2 VALUE c.id FROM c ORDER BY c.cat, c.n DESC",
            rewritten: #"SELECT TOP 2 c._rid, [{"item": c.cat}, {"item": c.n}] AS orderByItems, c.id AS payload FROM c WHERE ({documentdb-formattableorderbyquery-filter}) ORDER BY c.cat, c.n DESC"#,
            top: 2, orderBy: ["Ascending", "Descending"], orderByExpressions: ["c.cat", "c.n"], selectValue: true
        ),
        Expectation(
            query: "SELECT DISTINCT VALUE c.cat FROM c ORDER BY c.cat",
            rewritten: #"SELECT c._rid, [{"item": c.cat}] AS orderByItems, c.cat AS payload FROM c WHERE ({documentdb-formattableorderbyquery-filter}) ORDER BY c.cat"#,
            orderBy: ["Ascending"], orderByExpressions: ["c.cat"], distinct: "Ordered", selectValue: true
        ),
        Expectation(
            query: "SELECT DISTINCT c.cat FROM c ORDER BY c.n",
            rewritten: #"SELECT c._rid, [{"item": c.n}] AS orderByItems, {"cat": c.cat} AS payload FROM c WHERE ({documentdb-formattableorderbyquery-filter}) ORDER BY c.n"#,
            orderBy: ["Ascending"], orderByExpressions: ["c.n"], distinct: "Unordered"
        ),
        Expectation(query: "SELECT VALUE COUNT(1) FROM c WHERE c.n > 10", rewritten: #"SELECT VALUE [{"item": COUNT(1)}] FROM c WHERE c.n > 10"#,
                    aggregates: ["Count"], selectValue: true),
        Expectation(query: "SELECT VALUE AVG(c.n) FROM c", rewritten: #"SELECT VALUE [{"item": {"sum": SUM(c.n), "count": COUNT(c.n)}}] FROM c"#,
                    aggregates: ["Average"], selectValue: true),
        Expectation(query: "SELECT TOP 10 VALUE COUNT(c.id) FROM c", rewritten: #"SELECT VALUE [{"item": COUNT(c.id)}] FROM c"#, top: 10,
                    aggregates: ["Count"], selectValue: true),
        // Ordering the single row of an aggregate is void: no ORDER BY in the plan or the rewritten query.
        Expectation(query: "SELECT VALUE MAX(c.n) FROM c ORDER BY c.pk", rewritten: #"SELECT VALUE [{"item": MAX(c.n)}] FROM c"#,
                    aggregates: ["Max"], selectValue: true),
        Expectation(
            query: "SELECT COUNT(1) AS n, AVG(c.n) AS mean FROM c",
            rewritten: #"SELECT {"n": {"item": COUNT(1)}, "mean": {"item": {"sum": SUM(c.n), "count": COUNT(c.n)}}} AS payload FROM c"#,
            aggregates: ["Count", "Average"], aliases: ["n", "mean"], aliasTypes: ["n": "Count", "mean": "Average"]
        ),
        Expectation(
            query: "SELECT c.cat, COUNT(1) AS n FROM c GROUP BY c.cat",
            rewritten: #"SELECT [{"item": c.cat}] AS groupByItems, {"cat": c.cat, "n": {"item": COUNT(1)}} AS payload FROM c GROUP BY c.cat"#,
            aggregates: ["Count"], groupBy: ["c.cat"], aliases: ["cat", "n"], aliasTypes: ["cat": nil, "n": "Count"]
        ),
        Expectation(
            query: "SELECT VALUE SUM(c.n) FROM c GROUP BY c.cat",
            rewritten: #"SELECT [{"item": c.cat}] AS groupByItems, {"item": SUM(c.n)} AS payload FROM c GROUP BY c.cat"#,
            aggregates: ["Sum"], selectValue: true, groupBy: ["c.cat"]
        ),
    ]

    @Test(arguments: Self.kinds)
    func planFieldsForEachKindOfQuery(_ expected: Expectation) async throws {
        try await ResourceRouteTests.withItems { client in
            let response = try await Self.plan(client, expected.query)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["partitionedQueryExecutionInfoVersion"] as? Int == 2)
            #expect(response.json["hybridSearchQueryInfo"] == nil)
            let ranges = try #require(response.json["queryRanges"] as? [[String: Any]])
            #expect(ranges.count == 1 && ranges[0]["min"] as? String == "" && ranges[0]["max"] as? String == "FF")
            let info = try Self.queryInfo(response)
            #expect(info["rewrittenQuery"] as? String == expected.rewritten)
            #expect(info["top"] as? Int == expected.top)
            #expect(info["offset"] as? Int == expected.offset)
            #expect(info["limit"] as? Int == expected.limit)
            #expect(info["orderBy"] as? [String] == expected.orderBy)
            #expect(info["orderByExpressions"] as? [String] == expected.orderByExpressions)
            #expect(info["aggregates"] as? [String] == expected.aggregates)
            #expect(info["distinctType"] as? String == expected.distinct)
            #expect(info["hasSelectValue"] as? Bool == expected.selectValue)
            #expect(info["hasNonStreamingOrderBy"] as? Bool == false)
            #expect(info["groupByExpressions"] as? [String] == expected.groupBy)
            #expect(info["groupByAliases"] as? [String] == expected.aliases)
            let types = try #require(info["groupByAliasToAggregateType"] as? [String: Any])
            #expect(types.count == expected.aliasTypes.count)
            for (alias, type) in expected.aliasTypes {
                if let type {
                    #expect(types[alias] as? String == type, "\(alias)")
                } else {
                    #expect(types[alias] is NSNull, "\(alias)")
                }
            }
        }
    }

    @Test func parametersAreBoundAndAPartitionKeyNarrowsTheRange() async throws {
        try await ResourceRouteTests.withItems { client in
            let body = #"{"query":"SELECT VALUE c.n FROM c OFFSET @o LIMIT @l","parameters":[{"name":"@o","value":2},{"name":"@l","value":3}]}"#
            let headers: [(HTTPField.Name, String)] = [
                (.isQueryPlanRequest, "True"), (.contentType, "application/json"), (.supportedQueryFeatures, Self.pythonFeatures),
                (.partitionKey, #"["b"]"#),
            ]
            let response = try await client.send(.post, Self.docs, headers: headers, body: body)
            let info = try Self.queryInfo(response)
            #expect(info["offset"] as? Int == 2 && info["limit"] as? Int == 3)
            #expect(info["rewrittenQuery"] as? String == "SELECT TOP 5 VALUE c.n FROM c")
            let ranges = try #require(response.json["queryRanges"] as? [[String: Any]])
            #expect(ranges.first?["min"] as? String == "195644569A78B1E22D200348AF9416CE")
            // Half-open: the smallest interval that holds the key's EPK.
            let upper = try #require(ranges.first?["max"] as? String)
            #expect(upper > "195644569A78B1E22D200348AF9416CE" && upper <= "195644569A78B1E22D200348AF9416CF")
            #expect(ranges.first?["isMinInclusive"] as? Bool == true && ranges.first?["isMaxInclusive"] as? Bool == false)
        }
    }

    @Test func featuresTheClientDoesNotListAreRefused() async throws {
        try await ResourceRouteTests.withItems { client in
            // The Python SDK does not merge GROUP BY or aggregates without VALUE: the plan says so, as the service does.
            let grouped = try await Self.plan(client, "SELECT c.cat, COUNT(1) AS n FROM c GROUP BY c.cat", features: Self.pythonFeatures)
            #expect(grouped.status == .badRequest)
            #expect((grouped.json["message"] as? String)?.contains("Query contained GroupBy, which the calling client does not support") == true)
            let nonValue = try await Self.plan(client, "SELECT COUNT(1) AS n FROM c", features: Self.pythonFeatures)
            #expect(nonValue.status == .badRequest)
            #expect((nonValue.json["message"] as? String)?.contains("NonValueAggregate") == true)
            let top = try await Self.plan(client, "SELECT TOP 3 * FROM c", features: "Aggregate")
            #expect(top.status == .badRequest)
            #expect((top.json["message"] as? String)?.contains("Top") == true)
            // Listed (any case, with spaces) or not asked about: answered.
            #expect(try await Self.plan(client, "SELECT c.cat FROM c GROUP BY c.cat", features: "groupby").status == .ok)
            #expect(try await Self.plan(client, "SELECT TOP 3 * FROM c ORDER BY c.n", features: " top , OrderBy ").status == .ok)
            #expect(try await Self.plan(client, "SELECT c.cat, COUNT(1) AS n FROM c GROUP BY c.cat", features: nil).status == .ok)
            // An aggregate inside a larger expression has no partial form.
            let composite = try await Self.plan(client, "SELECT VALUE COUNT(1) + 1 FROM c")
            #expect(composite.status == .badRequest)
            #expect((composite.json["message"] as? String)?.contains("COUNT") == true)
            #expect(try await Self.plan(client, "SELECT * FROMM c").status == .badRequest)
        }
    }

    // MARK: Running the plan

    /// The rows each range returns for the plan's rewritten query (the placeholder replaced by `true`, as SDKs do).
    static func perRange(_ client: any TestClientProtocol, _ ranges: [PartitionKeyRange], plan info: [String: Any]) async throws -> [[Any]] {
        let rewritten = try #require(info["rewrittenQuery"] as? String)
        let text = rewritten.replacingOccurrences(of: "{documentdb-formattableorderbyquery-filter}", with: "true")
        var rows: [[Any]] = []
        for range in ranges {
            let response = try await client.send(.post, Self.docs, headers: FeedRouteTests.crossPartitionQuery + [(.partitionKeyRangeID, range.id)],
                                                  body: Self.body(text))
            #expect(response.status == .ok, "\(text): \(response.text)")
            #expect(response.headers[.continuation] == nil)
            rows.append(response.values)
        }
        return rows
    }

    static func direct(_ client: any TestClientProtocol, _ text: String) async throws -> [Any] {
        try await client.send(.post, Self.docs, headers: FeedRouteTests.crossPartitionQuery, body: Self.body(text)).values
    }

    @Test func valueAggregatesMergeFromTheirPartials() async throws {
        try await FeedRouteTests.withSpreadContainer { client, ranges, _ in
            let average = try Self.queryInfo(try await Self.plan(client, "SELECT VALUE AVG(c.n) FROM c WHERE c.n >= 5"))
            var sum = 0.0
            var count = 0
            for rows in try await Self.perRange(client, ranges, plan: average) {
                // One row per range: an array holding {"item": {"sum": s, "count": n}}.
                let row = try #require(rows.first as? [[String: Any]])
                let partial = try #require(row.first?["item"] as? [String: Any])
                count += try #require(partial["count"] as? Int)
                sum += Self.double(partial["sum"]) ?? 0
            }
            #expect(count == 35)
            let expected = try #require(Self.double(try await Self.direct(client, "SELECT VALUE AVG(c.n) FROM c WHERE c.n >= 5").first))
            #expect(abs(sum / Double(count) - expected) < 1e-9)
            #expect(expected == 22)

            let counting = try Self.queryInfo(try await Self.plan(client, "SELECT VALUE COUNT(1) FROM c WHERE c.cat = 'k1'"))
            let counts = try await Self.perRange(client, ranges, plan: counting).map { rows in
                ((rows.first as? [[String: Any]])?.first?["item"] as? Int) ?? -1
            }
            #expect(counts.allSatisfy { $0 >= 0 })
            #expect(counts.reduce(0, +) == 13)
        }
    }

    @Test func orderByAndOffsetLimitMergeToTheQuerysAnswer() async throws {
        try await FeedRouteTests.withSpreadContainer { client, ranges, _ in
            let text = "SELECT c.id, c.n FROM c WHERE c.n > 3 ORDER BY c.n DESC OFFSET 4 LIMIT 6"
            let info = try Self.queryInfo(try await Self.plan(client, text))
            // Merge the ranges by their sort keys, then skip and limit: what the SDK does.
            var merged: [(key: Int, payload: [String: Any])] = []
            for rows in try await Self.perRange(client, ranges, plan: info) {
                #expect(rows.count <= 10, "a range returns at most OFFSET + LIMIT rows")
                for row in rows {
                    let object = try #require(row as? [String: Any])
                    #expect(object["_rid"] is String)
                    let items = try #require(object["orderByItems"] as? [[String: Any]])
                    merged.append((try #require(items.first?["item"] as? Int), try #require(object["payload"] as? [String: Any])))
                }
            }
            merged.sort { $0.key > $1.key }
            let offset = try #require(info["offset"] as? Int)
            let limit = try #require(info["limit"] as? Int)
            let answer = merged.dropFirst(offset).prefix(limit).compactMap { $0.payload["n"] as? Int }
            let direct = try await Self.direct(client, text).compactMap { ($0 as? [String: Any])?["n"] as? Int }
            #expect(Array(answer) == direct)
            #expect(direct == [35, 34, 33, 32, 31, 30])

            // Without ORDER BY, each range returns at most OFFSET + LIMIT rows, and the merged rows give LIMIT.
            let unordered = try Self.queryInfo(try await Self.plan(client, "SELECT VALUE c.id FROM c OFFSET 30 LIMIT 8"))
            let rows = try await Self.perRange(client, ranges, plan: unordered)
            #expect(rows.allSatisfy { $0.count <= 38 })
            let all = rows.flatMap { $0 }.compactMap { $0 as? String }
            #expect(all.count == 40 && Set(all).count == 40)
            #expect(all.dropFirst(30).prefix(8).count == 8)
        }
    }

    @Test func groupByMergesToTheQuerysAnswer() async throws {
        try await FeedRouteTests.withSpreadContainer { client, ranges, _ in
            let text = "SELECT c.cat, COUNT(1) AS n, AVG(c.n) AS mean, MAX(c.n) AS highest FROM c GROUP BY c.cat"
            let info = try Self.queryInfo(try await Self.plan(client, text))
            let types = try #require(info["groupByAliasToAggregateType"] as? [String: Any])
            #expect(types["n"] as? String == "Count" && types["mean"] as? String == "Average" && types["highest"] as? String == "Max")
            var groups: [String: (count: Int, sum: Double, sumCount: Int, max: Int)] = [:]
            for rows in try await Self.perRange(client, ranges, plan: info) {
                for row in rows {
                    let object = try #require(row as? [String: Any])
                    let key = try #require((object["groupByItems"] as? [[String: Any]])?.first?["item"] as? String)
                    let payload = try #require(object["payload"] as? [String: Any])
                    #expect(payload["cat"] as? String == key)
                    let count = try #require((payload["n"] as? [String: Any])?["item"] as? Int)
                    let mean = try #require((payload["mean"] as? [String: Any])?["item"] as? [String: Any])
                    let highest = try #require((payload["highest"] as? [String: Any])?["item"] as? Int)
                    var group = groups[key] ?? (0, 0, 0, Int.min)
                    group.count += count
                    group.sum += Self.double(mean["sum"]) ?? 0
                    group.sumCount += (mean["count"] as? Int) ?? 0
                    group.max = max(group.max, highest)
                    groups[key] = group
                }
            }
            // The query answered across partitions directly (Cosmolite's extension) agrees with the merged plan.
            let direct = try await Self.direct(client, text).compactMap { $0 as? [String: Any] }
            #expect(direct.count == 3)
            for row in direct {
                let key = try #require(row["cat"] as? String)
                let group = try #require(groups[key])
                #expect(row["n"] as? Int == group.count)
                #expect(abs((Self.double(row["mean"]) ?? -1) - group.sum / Double(group.sumCount)) < 1e-9)
                #expect(row["highest"] as? Int == group.max)
            }
            #expect(groups.values.map(\.count).reduce(0, +) == 40)
        }
    }

    @Test func aggregatesWithoutValueMergeFromTheirPayloads() async throws {
        try await FeedRouteTests.withSpreadContainer { client, ranges, _ in
            let info = try Self.queryInfo(try await Self.plan(client, "SELECT COUNT(1) AS n, SUM(c.n) AS total FROM c"))
            var count = 0
            var total = 0
            for rows in try await Self.perRange(client, ranges, plan: info) {
                let payload = try #require((rows.first as? [String: Any])?["payload"] as? [String: Any])
                count += try #require((payload["n"] as? [String: Any])?["item"] as? Int)
                total += ((payload["total"] as? [String: Any])?["item"] as? Int) ?? 0
            }
            #expect(count == 40)
            #expect(total == (0..<40).reduce(0, +))
        }
    }
}
