@testable import CosmosSQL

/// Builds random but valid ASTs: everything the parser can produce, within the invariants documented on `SQLPrinter`.
/// Depth is bounded so trees stay far below the parser's nesting limits.
struct ASTGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    static let names = ["c", "x", "doc", "_ts", "$id", "a1", "Families", "root", "t", "TRUE", "Null", "selected", "orders"]
    static let functionNames = ["COUNT", "is_defined", "ST_DISTANCE", "Lower", "ARRAY_CONTAINS", "f", "LEFT", "RIGHT"]
    static let propertyNames = ["a", "id", "value", "order", "select", "a b", "", "ключ", "😀", "x\"y", "back\\slash", "$1", "_"]
    static let stringPieces = [
        "", "a", "it's", "\"q\"", "\\", "/", "\n", "\r\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "日本", "😀", "--", "'", "%_",
    ]

    private mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &random) < percent
    }

    private mutating func pick<T>(_ values: [T]) -> T {
        values[Int.random(in: 0..<values.count, using: &random)]
    }

    private mutating func count(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    // MARK: - Queries

    mutating func query(depth: Int) -> SelectQuery {
        var query = SelectQuery(selection: .star)
        var aliases: [String] = []
        if chance(70) {
            let from = fromClause(depth: depth)
            query.from = from
            aliases.append(from.alias)
            for _ in 0..<(chance(30) ? count(1...3) : 0) {
                let join = joinClause(depth: depth, avoiding: aliases)
                query.joins.append(join)
                aliases.append(join.alias)
            }
        }
        query.isDistinct = chance(20)
        query.top = chance(20) ? countValue() : nil
        switch count(0...9) {
        case 0...2 where query.from != nil && query.joins.isEmpty:
            query.selection = .star
        case 0...4:
            query.selection = .value(expression(depth: depth))
        default:
            query.selection = .items((0..<count(1...3)).map { _ in
                SelectItem(expression: expression(depth: depth), alias: chance(40) ? pick(Self.names) : nil)
            })
        }
        if case .star = query.selection, query.from == nil || !query.joins.isEmpty {
            query.selection = .value(expression(depth: depth))
        }
        query.filter = chance(50) ? expression(depth: depth) : nil
        query.groupBy = chance(20) ? (0..<count(1...2)).map { _ in expression(depth: depth) } : []
        query.orderBy = chance(25) ? (0..<count(1...2)).map { _ in
            OrderByItem(expression: expression(depth: depth), isDescending: chance(50))
        } : []
        if chance(15) {
            query.offset = countValue()
            query.limit = countValue()
        }
        return query
    }

    private mutating func countValue() -> CountValue {
        chance(70) ? .literal(pick([0, 1, 10, 1_000, Int64.max])) : .parameter("@" + pick(Self.names))
    }

    private mutating func fromClause(depth: Int) -> FromClause {
        switch count(0...3) {
        case 0:
            let name = pick(Self.names)
            return FromClause(alias: chance(50) ? name : pick(Self.names), source: .container(name: name))
        case 1:
            let source = CollectionSource.path(path(minimumSteps: 1))
            return FromClause(alias: source.defaultAlias.flatMap { chance(50) ? $0 : nil } ?? pick(Self.names), source: source)
        case 2 where depth > 0:
            return FromClause(alias: pick(Self.names), source: .subquery(query(depth: depth - 1)), iterates: chance(30))
        default:
            return FromClause(alias: pick(Self.names), source: .path(path(minimumSteps: 0)), iterates: true)
        }
    }

    private mutating func joinClause(depth: Int, avoiding aliases: [String]) -> JoinClause {
        var alias = pick(Self.names)
        while aliases.contains(alias) {
            alias = pick(Self.names) + String(count(0...9))
        }
        let source: CollectionSource = depth > 0 && chance(25) ? .subquery(query(depth: depth - 1)) : .path(path(minimumSteps: 0))
        return JoinClause(alias: alias, source: source, iterates: chance(70))
    }

    /// A FROM/JOIN path: an identifier followed by property and integer-index steps.
    private mutating func path(minimumSteps: Int) -> Expression {
        var path = Expression.identifier(pick(Self.names))
        for _ in 0..<count(minimumSteps...max(minimumSteps, 3)) {
            path = chance(75) ? .property(path, pick(Self.propertyNames)) : .index(path, .literal(.integer(Int64(count(0...20)))))
        }
        return path
    }

    // MARK: - Expressions

    mutating func expression(depth: Int) -> Expression {
        guard depth > 0, chance(75) else {
            return leaf()
        }
        let inner = depth - 1
        switch count(0...16) {
        case 0:
            return .property(expression(depth: inner), pick(Self.propertyNames))
        case 1:
            return .index(expression(depth: inner), expression(depth: inner))
        case 2:
            return .array((0..<count(0...3)).map { _ in expression(depth: inner) })
        case 3:
            return .object((0..<count(0...3)).map { _ in
                ObjectMember(key: chance(50) ? pick(Self.propertyNames) : randomString(), value: expression(depth: inner))
            })
        case 4:
            return .unary(pick(UnaryOperator.allCases), expression(depth: inner))
        case 5, 6, 7:
            return .binary(pick(BinaryOperator.allCases), expression(depth: inner), expression(depth: inner))
        case 8:
            return .between(expression(depth: inner), lower: expression(depth: inner), upper: expression(depth: inner), negated: chance(50))
        case 9:
            return .inList(expression(depth: inner), (0..<count(1...3)).map { _ in expression(depth: inner) }, negated: chance(50))
        case 10:
            let escape: Expression? = switch count(0...2) {
            case 0: nil
            case 1: .literal(.string(randomString()))
            default: .parameter("@esc")
            }
            return .like(expression(depth: inner), pattern: expression(depth: inner), escape: escape, negated: chance(50))
        case 11:
            return .conditional(expression(depth: inner), then: expression(depth: inner), else: expression(depth: inner))
        case 12, 13:
            let arguments = (0..<count(0...3)).map { _ in expression(depth: inner) }
            return .call(FunctionCall(name: pick(Self.functionNames), arguments: arguments, isUserDefined: chance(20)))
        case 14:
            return .exists(query(depth: inner))
        case 15:
            return .arraySubquery(query(depth: inner))
        default:
            return .scalarSubquery(query(depth: inner))
        }
    }

    private mutating func leaf() -> Expression {
        switch count(0...9) {
        case 0: return .literal(pick([.undefined, .null, .bool(true), .bool(false)]))
        case 1: return .literal(.integer(pick([0, 1, -1, 42, -42, Int64.max, Int64.min, Int64.random(in: .min ... .max, using: &random)])))
        case 2: return .literal(.number(randomDouble()))
        case 3: return .literal(.string(randomString()))
        case 4: return .parameter("@" + pick(Self.names))
        default: return .identifier(pick(Self.names))
        }
    }

    private mutating func randomDouble() -> Double {
        let nice: [Double] = [
            0, -0.0, 0.5, -0.25, 1.5, 1e16, 1e-7, 123_456.789, 9.223372036854776e18, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
        ]
        if chance(50) {
            return pick(nice)
        }
        while true {
            let candidate = Double(bitPattern: random.next())
            if candidate.isFinite {
                return candidate
            }
        }
    }

    private mutating func randomString() -> String {
        var text = ""
        for _ in 0..<count(0...4) {
            if chance(80) {
                text += pick(Self.stringPieces)
            } else if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
