import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// For random documents (nested objects, arrays, mixed types, missing fields) and randomly generated queries, the
/// planner's answer (with indexes and the direct filters on stored bytes) must equal the answer of a full scan
/// through the generic evaluator alone: neither an index nor a direct filter may ever change a result. Every query
/// is also paged, which must not change it either.
@Suite struct DifferentialTests {
    static func randomScalar(_ random: inout SplitMix64) -> String {
        switch random.next(below: 10) {
        case 0: "\(Int(random.next(below: 20)) - 5)"
        case 1: "\(Double(random.next(below: 40)) / 4 - 3)"
        case 2: "\"s\(random.next(below: 6))\""
        case 3: random.next(below: 2) == 0 ? "true" : "false"
        case 4: "null"
        case 5: "[\(random.next(below: 3)),\"x\"]"
        case 6: "{\"k\":\(random.next(below: 3))}"
        case 7: "\"\(["", "a", "ab", "b", "s1x", "a\\\"b", "\\u00e9", "e\\u0301", "\u{E9}", "K", "\u{212A}"][Int(random.next(below: 11))])\""
        case 8:
            // Around 2^53, where index keys (doubles) stop being exact, and beyond Int64.
            ["9007199254740992", "9007199254740993", "-9007199254740993", "9007199254740991", "9.007199254740992e15",
             "12345678901234567890", "1e300", "-0", "5.0", "1E2"][Int(random.next(below: 10))]
        default: "\(random.next(below: 6))"
        }
    }

    static func randomDocument(_ number: Int, _ random: inout SplitMix64) -> String {
        var members = [#""id":"d\#(number)""#, #""pk":"p\#(random.next(below: 4))""#]
        for field in ["a", "b", "c"] where random.next(below: 5) != 0 {
            members.append(#""\#(field)":\#(self.randomScalar(&random))"#)
        }
        if random.next(below: 3) != 0 {
            members.append(#""n":{"x":\#(self.randomScalar(&random)),"y":\#(random.next(below: 5))}"#)
        }
        if random.next(below: 2) == 0 {
            members.append(#""tags":[\#((0..<random.next(below: 3)).map { _ in self.randomScalar(&random) }.joined(separator: ","))]"#)
        }
        if random.next(below: 2) == 0 {
            members.append(#""loc":{"type":"Point","coordinates":[\#(-80 + Double(random.next(below: 100)) / 100),\#(35 + Double(random.next(below: 100)) / 100)]}"#)
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func randomPath(_ random: inout SplitMix64) -> String {
        ["c.a", "c.b", "c.c", "c.n.x", "c.n.y", "c.id", "c.pk", "c.missing"][Int(random.next(below: 8))]
    }

    static func randomCondition(_ random: inout SplitMix64, depth: Int = 0) -> String {
        let path = self.randomPath(&random)
        switch random.next(below: depth > 1 ? 7 : 10) {
        case 0: return "\(path) = \(self.randomScalar(&random))"
        case 1: return "\(path) > \(self.randomScalar(&random))"
        case 2: return "\(path) <= \(self.randomScalar(&random))"
        case 3: return "\(path) BETWEEN \(self.randomScalar(&random)) AND \(self.randomScalar(&random))"
        case 4: return "\(path) IN (\(self.randomScalar(&random)), \(self.randomScalar(&random)), \(self.randomScalar(&random)))"
        case 5: return "IS_DEFINED(\(path))"
        case 6: return #"ST_DISTANCE(c.loc, {"type":"Point","coordinates":[-79.5,35.5]}) < \#(random.next(below: 60_000))"#
        case 7: return "(\(self.randomCondition(&random, depth: depth + 1)) AND \(self.randomCondition(&random, depth: depth + 1)))"
        case 8: return "(\(self.randomCondition(&random, depth: depth + 1)) OR \(self.randomCondition(&random, depth: depth + 1)))"
        default: return "NOT (\(self.randomCondition(&random, depth: depth + 1)))"
        }
    }

    /// A conjunction of comparisons with constants (the shape the direct filters take), literal or flipped.
    static func randomConjunction(_ random: inout SplitMix64) -> String {
        (0...random.next(below: 3)).map { _ -> String in
            let path = self.randomPath(&random)
            let value = self.randomScalar(&random)
            switch random.next(below: 10) {
            case 0: return "\(path) = \(value)"
            case 1: return "\(path) != \(value)"
            case 2: return "\(path) < \(value)"
            case 3: return "\(path) >= \(value)"
            case 4: return "\(value) > \(path)"
            case 5: return "\(value) <= \(path)"
            case 6: return "\(path) \(random.next(below: 2) == 0 ? "" : "NOT ")BETWEEN \(value) AND \(self.randomScalar(&random))"
            case 7: return "\(path) \(random.next(below: 2) == 0 ? "" : "NOT ")IN (\(value), \(self.randomScalar(&random)))"
            case 8: return "\(path) <> \(value)"
            default: return "\(path) > \(value)"
            }
        }.joined(separator: " AND ")
    }

    static func randomQuery(_ random: inout SplitMix64) -> (query: String, ordered: Bool) {
        let filter = switch random.next(below: 6) {
        case 0: ""
        case 1, 2: " WHERE " + self.randomConjunction(&random)
        default: " WHERE " + self.randomCondition(&random)
        }
        if random.next(below: 4) == 0 {
            return ("SELECT * FROM c\(filter)", false)
        }
        switch random.next(below: 6) {
        case 0:
            let path = self.randomPath(&random)
            let direction = random.next(below: 2) == 0 ? "ASC" : "DESC"
            let top = random.next(below: 2) == 0 ? "TOP \(random.next(below: 10)) " : ""
            return ("SELECT \(top)VALUE c.id FROM c\(filter) ORDER BY \(path) \(direction)", true)
        case 1:
            return ("SELECT VALUE COUNT(1) FROM c\(filter)", false)
        case 2:
            return ("SELECT DISTINCT VALUE \(self.randomPath(&random)) FROM c\(filter)", true)
        case 3:
            return ("SELECT c.id, t FROM c JOIN t IN c.tags\(filter)", false)
        case 4:
            let path = self.randomPath(&random)
            return ("SELECT \(path) AS v, MIN(c.id) AS first, COUNT(1) AS n FROM c\(filter) GROUP BY \(path)", false)
        default:
            return ("SELECT c.id, \(self.randomPath(&random)) AS v FROM c\(filter)", false)
        }
    }

    @Test(arguments: 1...6)
    func indexesNeverChangeAnswers(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var definition = ContainerDefinition(id: "diff", partitionKeyPath: "/pk")
        definition.indexingPolicy = IndexingPolicy(includedPaths: ["/*", "/n/x/?", "/a/?"], excludedPaths: [], spatialPaths: ["/loc/*"])
        definition.partitionKeyRangeCount = 3
        let documents = (0..<300).map { Self.randomDocument($0, &random) }
        try withDocuments(documents, definition: definition) { (container: Container) throws in
            for _ in 0..<120 {
                let (query, ordered) = Self.randomQuery(&random)
                let indexed: [String]
                let scanned: [String]
                do {
                    indexed = try self.run(container, query, pageSize: nil, indexes: true)
                    scanned = try self.run(container, query, pageSize: nil, indexes: false, directFilters: false)
                } catch let error as QueryError {
                    Issue.record("\(query): \(error)")
                    continue
                }
                if ordered {
                    #expect(indexed == scanned, "\(query)")
                } else {
                    #expect(indexed.sorted() == scanned.sorted(), "\(query)")
                }
                let paged = try self.run(container, query, pageSize: Int(random.next(below: 7)) + 1, indexes: true)
                #expect(ordered ? paged == indexed : paged.sorted() == indexed.sorted(), "paged: \(query)")
            }
        }
    }

    func run(_ container: Container, _ query: String, pageSize: Int?, indexes: Bool, directFilters: Bool = true) throws -> [String] {
        var options = QueryOptions(maxItemCount: pageSize, usesIndexes: indexes, usesDirectFilters: directFilters)
        var rows: [String] = []
        repeat {
            let page = try container.query(query, options: options)
            rows += page.rows.map { String(decoding: $0, as: UTF8.self) }
            options.continuation = page.continuation
        } while options.continuation != nil
        return rows
    }
}
