import Testing
@testable import CosmosSQL

/// Bounded random-input testing inside the regular suite: every input must parse or throw `SyntaxError`, never crash,
/// and whatever parses must survive a print/parse round trip. The libFuzzer harness in Tools/SQLFuzzer goes further.
@Suite("Robustness")
struct RobustnessTests {
    /// Pieces of real queries, glued together at random.
    static let vocabulary: [String] = [
        "SELECT", "select", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "ESCAPE", "AS", "JOIN", "TOP",
        "DISTINCT", "VALUE", "ORDER", "BY", "GROUP", "ASC", "DESC", "OFFSET", "LIMIT", "EXISTS", "ARRAY", "udf", "RANK",
        "true", "false", "null", "undefined", "TRUE", "c", "root", "t", "x", "_ts", "$v", "COUNT", "IS_DEFINED",
        "(", ")", "[", "]", "{", "}", ",", ".", ":", "?", "??", "*", "/", "%", "+", "-", "~", "=", "!=", "<>", "<", "<=",
        ">", ">=", "<<", ">>", ">>>", "&", "|", "^", "||", "@p", "@", "0", "1", "-1", "1.5", ".5", "1e3", "1e", "0x1F",
        "0x", "9223372036854775808", "1e400", "'s'", "\"d\"", "'it\\'s'", "'\\u0041'", "'\\ud83d\\ude00'", "'\\ud800'",
        "'\\q'", "'unterminated", "\"", "'", "\\", "-- comment\n", "--", "\n", " ", "\t", "\r\n", "é", "😀", "#", ";",
        "!", "`", "\u{0}", "\u{FFFD}",
    ]

    /// Classifies one input; returns a failure description when the parser misbehaves.
    static func check(_ text: String) -> String? {
        let query: SelectQuery
        do {
            query = try SQLParser.parse(text)
        } catch {
            if error.location.offset < 0 || error.location.offset > text.utf8.count || error.location.line < 1
                || error.location.column < 1 || error.message.isEmpty {
                return "bad error location or message for \(text.debugDescription): \(error)"
            }
            return nil
        }
        let printed = query.formatted()
        do {
            let reparsed = try SQLParser.parse(printed)
            return reparsed == query ? nil : "round trip changed \(text.debugDescription) printed as \(printed.debugDescription)"
        } catch {
            return "printed form of \(text.debugDescription) does not parse: \(printed.debugDescription): \(error)"
        }
    }

    /// Runs `count` generated inputs and records at most a few failures.
    static func run(count: Int, seed: UInt64, _ makeInput: (inout SeededGenerator) -> String) -> (failures: Int, parsed: Int) {
        var random = SeededGenerator(seed: seed)
        var failures = 0
        var parsed = 0
        for _ in 0..<count {
            let input = makeInput(&random)
            if let failure = check(input) {
                failures += 1
                if failures <= 5 {
                    Issue.record(Comment(rawValue: failure))
                }
            } else if (try? SQLParser.parse(input)) != nil {
                parsed += 1
            }
        }
        return (failures, parsed)
    }

    @Test("60,000 random byte strings")
    func randomBytes() {
        let result = Self.run(count: 60_000, seed: 11) { random in
            let length = Int.random(in: 0...48, using: &random)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(result.failures == 0)
    }

    @Test("70,000 token soups")
    func tokenSoup() {
        let result = Self.run(count: 70_000, seed: 12) { random in
            var text = Int.random(in: 0..<4, using: &random) == 0 ? "" : "SELECT "
            for _ in 0..<Int.random(in: 0...24, using: &random) {
                text += Self.vocabulary.randomElement(using: &random) ?? ""
                if Int.random(in: 0..<3, using: &random) > 0 {
                    text += " "
                }
            }
            return text
        }
        #expect(result.failures == 0)
        // Some soups must get through the parser, or this test would only exercise error paths.
        #expect(result.parsed > 100)
    }

    @Test("80,000 mutations of the fixture queries")
    func mutations() {
        let seeds = Fixtures.goldenCases.flatMap { [$0.query, $0.expected] }
        #expect(!seeds.isEmpty)
        let result = Self.run(count: 80_000, seed: 13) { random in
            var bytes = Array((seeds.randomElement(using: &random) ?? "SELECT 1").utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                Self.mutate(&bytes, using: &random)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(result.failures == 0)
        #expect(result.parsed > 1_000)
    }

    static func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0:
            bytes.removeSubrange(position...)
        case 1 where !bytes.isEmpty:
            let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
            bytes.insert(contentsOf: Array(bytes[position..<end]), at: position)
        case 2 where !bytes.isEmpty:
            bytes[position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
        case 3:
            bytes.insert(contentsOf: Array((vocabulary.randomElement(using: &random) ?? "").utf8), at: position)
        case 4 where !bytes.isEmpty:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
        case 5 where !bytes.isEmpty:
            bytes[position] = UInt8.random(in: 0...255, using: &random)
        default:
            bytes.insert(contentsOf: Array(" (".utf8), at: position)
        }
    }

    /// Nesting and chaining shapes, each generated at a given depth.
    static let deepShapes: [(name: String, make: @Sendable (Int) -> String)] = [
        ("parentheses", { "SELECT VALUE " + String(repeating: "(", count: $0) + "1" + String(repeating: ")", count: $0) }),
        ("unclosed parentheses", { "SELECT VALUE " + String(repeating: "(", count: $0) }),
        ("brackets", { "SELECT VALUE " + String(repeating: "[", count: $0) + "1" + String(repeating: "]", count: $0) }),
        ("braces", { "SELECT VALUE " + String(repeating: "{a: ", count: $0) + "1" + String(repeating: "}", count: $0) }),
        ("calls", { "SELECT VALUE " + String(repeating: "f(", count: $0) + "1" + String(repeating: ")", count: $0) }),
        ("indexes", { "SELECT VALUE " + String(repeating: "c[", count: $0) + "1" + String(repeating: "]", count: $0) }),
        ("subqueries", { "SELECT VALUE " + String(repeating: "(SELECT VALUE ", count: $0) + "1" + String(repeating: ")", count: $0) }),
        ("exists", { "SELECT VALUE " + String(repeating: "EXISTS(SELECT VALUE ", count: $0) + "1" + String(repeating: ")", count: $0) }),
        ("from subqueries", { "SELECT * FROM " + String(repeating: "(SELECT * FROM ", count: $0) + "c" + String(repeating: ") x", count: $0) }),
        ("in lists", { "SELECT VALUE " + String(repeating: "1 IN (", count: $0) + "1" + String(repeating: ")", count: $0) }),
        ("between bounds", { "SELECT VALUE " + String(repeating: "1 BETWEEN (", count: $0) + "1" + String(repeating: ") AND 2", count: $0) }),
        ("mixed operators", {
            "SELECT VALUE " + String(repeating: "1 ?? 1 OR 1 AND NOT 1 || 1 | 1 ^ 1 & 1 = 1 < 1 << 1 + 1 * -(", count: $0) + "1"
                + String(repeating: ")", count: $0)
        }),
        ("ternaries", { "SELECT VALUE " + String(repeating: "a ? b : ", count: $0) + "c" }),
        ("nested ternaries", { "SELECT VALUE " + String(repeating: "a ? ", count: $0) + "b" + String(repeating: " : c", count: $0) }),
        ("unary minus", { "SELECT VALUE " + String(repeating: "- ", count: $0) + "x" }),
        ("NOT", { "SELECT VALUE " + String(repeating: "NOT ", count: $0) + "x" }),
        ("tilde", { "SELECT VALUE " + String(repeating: "~", count: $0) + "x" }),
        ("OR chain", { "SELECT VALUE " + Array(repeating: "c.a = 1", count: $0).joined(separator: " OR ") }),
        ("AND chain", { "SELECT * FROM c WHERE " + Array(repeating: "c.a", count: $0).joined(separator: " AND ") }),
        ("concat chain", { "SELECT VALUE " + Array(repeating: "'x'", count: $0).joined(separator: " || ") }),
        ("property path", { "SELECT VALUE c" + String(repeating: ".a", count: $0) }),
        ("FROM path", { "SELECT * FROM c" + String(repeating: ".a", count: $0) }),
        ("JOIN chain", { n in "SELECT c.id FROM c" + (0..<n).map { " JOIN t\($0) IN c.tags" }.joined() }),
        ("wide IN list", { "SELECT * FROM c WHERE c.a IN (" + Array(repeating: "1", count: $0).joined(separator: ", ") + ")" }),
        ("wide array", { "SELECT VALUE [" + Array(repeating: "[1]", count: $0).joined(separator: ", ") + "]" }),
    ]

    @Test("deep nesting up to 10,000 levels fails cleanly", arguments: deepShapes.map(\.name))
    func deepNesting(shape: String) {
        guard let make = Self.deepShapes.first(where: { $0.name == shape })?.make else { return }
        for depth in [1, 50, 150, 198, 199, 200, 201, 400, 511, 512, 513, 1_000, 10_000] {
            let text = make(depth)
            if let failure = Self.check(text) {
                Issue.record(Comment(rawValue: "\(shape) at depth \(depth): \(failure.prefix(300))"))
            }
            let shallowEnough = depth == 1 || (depth == 50 && shape != "mixed operators")
            if shallowEnough && shape != "unclosed parentheses" {
                #expect(queryError(text) == nil, "\(shape) rejected at depth \(depth)")
            } else if depth >= 1_000, shape != "wide IN list", shape != "wide array", shape != "JOIN chain" {
                #expect(queryError(text)?.message == SyntaxError.nestedTooDeeplyMessage, "\(shape) at depth \(depth)")
            }
        }
    }

    @Test("nesting limits: 200 levels in total, trees at most 512 high")
    func limits() throws {
        // SELECT and VALUE use two of the 200 levels.
        let parentheses = { (depth: Int) in "SELECT VALUE " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) }
        _ = try SQLParser.parse(parentheses(198))
        #expect(queryError(parentheses(199))?.message == SyntaxError.nestedTooDeeplyMessage)
        // The 200th "(" is where the limit is hit.
        #expect(queryError(parentheses(10_000))?.location.column == 13 + 200)

        let chain = { (terms: Int) in "SELECT VALUE " + Array(repeating: "c", count: terms).joined(separator: " OR ") }
        // 512 terms: 511 ORs above leaves of height 1.
        _ = try SQLParser.parse(chain(512))
        #expect(queryError(chain(513))?.message == SyntaxError.nestedTooDeeplyMessage)
        #expect(SQLParser.maximumNestingDepth == 200)
        #expect(SQLParser.maximumExpressionHeight == 512)
    }

    @Test("the worst inputs fit in a 4 MiB stack, including ==, hashing and printing")
    func stackBudget() {
        let worst = Self.deepShapes.map { $0.make(199) } + Self.deepShapes.map { $0.make(511) }
        runOnThread(stackSize: 4 << 20) {
            for text in worst {
                guard let query = try? SQLParser.parse(text) else { continue }
                let copy = try? SQLParser.parse(text)
                _ = query == copy
                _ = query.hashValue
                _ = query.formatted()
            }
        }
    }
}
