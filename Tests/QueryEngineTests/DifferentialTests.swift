import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// For random documents (nested objects, arrays, mixed types, missing fields) and randomly generated queries, the
/// planner's answer (with indexes and the direct filters on stored bytes) must equal the answer of a full scan
/// through the generic evaluator alone: neither an index nor a direct filter may ever change a result. Every query
/// is also paged, which must not change it either. Constants often name real ids and partition keys, so that point
/// reads and partition scans return rows too.
@Suite struct DifferentialTests {
    static let documentCount = 300

    static func randomScalar(_ random: inout SplitMix64) -> String {
        switch random.next(below: 12) {
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
        // Ids and partition keys that exist, so that point reads and partition scans find documents.
        case 9: "\"d\(random.next(below: UInt64(Self.documentCount)))\""
        case 10: "\"p\(random.next(below: 4))\""
        default: "\(random.next(below: 6))"
        }
    }

    static func randomDocument(_ number: Int, _ random: inout SplitMix64) -> String {
        // The partition key follows from the id, so that queries can name both of one document.
        var members = [#""id":"d\#(number)""#, #""pk":"p\#(number % 4)""#]
        for field in ["a", "b", "c"] where random.next(below: 5) != 0 {
            members.append(#""\#(field)":\#(self.randomScalar(&random))"#)
        }
        if random.next(below: 3) != 0 {
            members.append(#""n":{"x":\#(self.randomScalar(&random)),"y":\#(random.next(below: 5))}"#)
        }
        if random.next(below: 2) == 0 {
            members.append(#""tags":[\#((0..<random.next(below: 3)).map { _ in self.randomScalar(&random) }.joined(separator: ","))]"#)
        }
        switch random.next(below: 8) {
        case 0..<4:
            members.append(#""loc":{"type":"Point","coordinates":[\#(-80 + Double(random.next(below: 100)) / 100),\#(35 + Double(random.next(below: 100)) / 100)]}"#)
        case 4:
            // Geometries other than points have no grid cell; spatial scans must still meet them.
            let west = -80 + Double(random.next(below: 90)) / 100
            let south = 35 + Double(random.next(below: 90)) / 100
            members.append(#""loc":{"type":"LineString","coordinates":[[\#(west),\#(south)],[\#(west + 0.05),\#(south + 0.03)]]}"#)
        case 5:
            let west = -80 + Double(random.next(below: 90)) / 100
            let south = 35 + Double(random.next(below: 90)) / 100
            let ring = [(west, south), (west + 0.04, south), (west + 0.04, south + 0.04), (west, south + 0.04), (west, south)]
            members.append(#""loc":{"type":"Polygon","coordinates":[[\#(ring.map { "[\($0.0),\($0.1)]" }.joined(separator: ","))]]}"#)
        default:
            break
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func randomPath(_ random: inout SplitMix64) -> String {
        ["c.a", "c.b", "c.c", "c.n.x", "c.n.y", "c.id", "c.pk", "c.missing"][Int(random.next(below: 8))]
    }

    static func randomCondition(_ random: inout SplitMix64, depth: Int = 0) -> String {
        let path = self.randomPath(&random)
        switch random.next(below: depth > 1 ? 11 : 14) {
        case 0: return "\(path) = \(self.randomScalar(&random))"
        case 1: return "\(path) > \(self.randomScalar(&random))"
        case 2: return "\(path) <= \(self.randomScalar(&random))"
        case 3: return "\(path) BETWEEN \(self.randomScalar(&random)) AND \(self.randomScalar(&random))"
        case 4: return "\(path) IN (\(self.randomScalar(&random)), \(self.randomScalar(&random)), \(self.randomScalar(&random)))"
        case 5: return "IS_DEFINED(\(path))"
        case 6: return self.randomDistance(&random)
        case 7: return self.randomWithin(&random)
        case 8:
            let prefix = ["", "s", "s1", "a", "d1", "d2", "p", "e", "\\u00e9", "K"][Int(random.next(below: 10))]
            let caseOption = ["", ", false", ", true"][Int(random.next(below: 3))]
            return "STARTSWITH(\(path), \"\(prefix)\"\(caseOption))"
        case 9:
            let pattern = ["s%", "%b", "_", "a%", "s[0-2]", "d1_", "d%9", "%", "p_", "[^s]%"][Int(random.next(below: 10))]
            return "\(path) \(random.next(below: 3) == 0 ? "NOT " : "")LIKE '\(pattern)'"
        case 10: return self.randomIdentity(&random)
        case 11: return "(\(self.randomCondition(&random, depth: depth + 1)) AND \(self.randomCondition(&random, depth: depth + 1)))"
        case 12: return "(\(self.randomCondition(&random, depth: depth + 1)) OR \(self.randomCondition(&random, depth: depth + 1)))"
        default: return "NOT (\(self.randomCondition(&random, depth: depth + 1)))"
        }
    }

    /// An id and partition key pair (a point read; usually the document's own pair, sometimes a wrong key) or a
    /// partition key alone (a partition scan).
    static func randomIdentity(_ random: inout SplitMix64) -> String {
        let number = Int(random.next(below: UInt64(Self.documentCount) + 20))
        let partition = random.next(below: 4) == 0 ? Int(random.next(below: 4)) : number % 4
        switch random.next(below: 3) {
        case 0: return "c.pk = \"p\(partition)\""
        case 1: return "c.id = \"d\(number)\" AND c.pk = \"p\(partition)\""
        default: return "c.pk = \"p\(partition)\" AND c.id = \"d\(number)\""
        }
    }

    /// ST_DISTANCE from a point amid the documents' points, below a random radius.
    static func randomDistance(_ random: inout SplitMix64) -> String {
        #"ST_DISTANCE(c.loc, {"type":"Point","coordinates":[-79.5,35.5]}) < \#(random.next(below: 60_000))"#
    }

    /// ST_WITHIN a random box (counter-clockwise ring) over the area the documents' points cover.
    static func randomWithin(_ random: inout SplitMix64) -> String {
        let west = -80 + Double(random.next(below: 80)) / 100
        let east = west + Double(random.next(below: 60) + 1) / 100
        let south = 35 + Double(random.next(below: 80)) / 100
        let north = south + Double(random.next(below: 60) + 1) / 100
        let ring = [(west, south), (east, south), (east, north), (west, north), (west, south)].map { "[\($0.0),\($0.1)]" }
        return #"ST_WITHIN(c.loc, {"type":"Polygon","coordinates":[[\#(ring.joined(separator: ","))]]})"#
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
        let filter = switch random.next(below: 8) {
        case 0: ""
        case 1, 2: " WHERE " + self.randomConjunction(&random)
        case 3: " WHERE " + self.randomIdentity(&random)
        case 4: " WHERE " + self.randomIdentity(&random) + " AND " + self.randomCondition(&random)
        case 5: " WHERE " + (random.next(below: 2) == 0 ? self.randomWithin(&random) : self.randomDistance(&random))
        default: " WHERE " + self.randomCondition(&random)
        }
        if random.next(below: 5) == 0 {
            return ("SELECT * FROM c\(filter)", false)
        }
        let direction = { (random: inout SplitMix64) in random.next(below: 2) == 0 ? "ASC" : "DESC" }
        switch random.next(below: 10) {
        case 6:
            // Several keys: sorted in memory, ties settled by the later keys, then by document.
            let keys = (0...random.next(below: 2)).map { _ in "\(self.randomPath(&random)) \(direction(&random))" }
            return ("SELECT VALUE c.id FROM c\(filter) ORDER BY \(self.randomPath(&random)) \(direction(&random)), \(keys.joined(separator: ", "))", true)
        case 7:
            let window = "OFFSET \(random.next(below: 30)) LIMIT \(random.next(below: 40))"
            return ("SELECT VALUE c.id FROM c\(filter) ORDER BY \(self.randomPath(&random)) \(direction(&random)) \(window)", true)
        case 8:
            // Sums of the small integers at c.n.y are exact in any order, so every access path must agree exactly.
            return (["SELECT VALUE SUM(c.n.y) FROM c\(filter)", "SELECT VALUE AVG(c.n.y) FROM c\(filter)",
                     "SELECT SUM(c.n.y) AS s, AVG(c.n.y) AS a, COUNT(c.n.y) AS k, SUM(c.pk) AS undefinedOverStrings FROM c\(filter)",
                     "SELECT c.pk, AVG(c.n.y) AS a, SUM(c.n.y) AS s FROM c\(filter) GROUP BY c.pk"][Int(random.next(below: 4))], false)
        case 9:
            let top = random.next(below: 2) == 0 ? "TOP \(random.next(below: 10)) " : ""
            return ("SELECT \(top)c.id, c.n.y FROM c\(filter) ORDER BY c.n.y \(direction(&random)), c.id \(direction(&random))", true)
        default:
            break
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
        let documents = (0..<Self.documentCount).map { Self.randomDocument($0, &random) }
        try withDocuments(documents, definition: definition) { (container: Container) throws in
            // Access paths that answered with rows (every path should be exercised with real answers).
            var pathsWithRows: [String: Int] = [:]
            defer {
                for kind in ["pointRead", "partition", "rangeIndex", "spatialIndex", "fullScan"] {
                    #expect(pathsWithRows[kind, default: 0] > 0, "seed \(seed): no \(kind) query returned rows: \(pathsWithRows)")
                }
            }
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
                if !indexed.isEmpty && !query.contains("COUNT(") && !query.contains("SUM(") && !query.contains("AVG(") {
                    let kind = try container.explain(query).accessPath.kind
                    pathsWithRows[kind, default: 0] += 1
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
