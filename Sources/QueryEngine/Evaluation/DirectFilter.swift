import CosmosSQL
import DocumentStore
import JSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A WHERE clause that is a conjunction of `alias.path <op> constant` tests (`=`, `!=`, `<>`, `<`, `<=`, `>`, `>=`,
/// `BETWEEN`, `IN`, either side of the operator), checked on a stored document's bytes.
///
/// The generic evaluator binds the row, parses each property into a value and walks the expression tree for every
/// document; most serving queries are just a few such tests, so here each path is resolved straight from the
/// envelope's member directory and the stored scalar is compared in place (see ``StoredValue``). A row passes when
/// every test is exactly `true`, which is what the three-valued `AND` of the tests gives WHERE. Anything else (`OR`,
/// functions, paths through arrays, system properties, two paths compared) is not a direct filter and stays with the
/// evaluator.
struct DirectFilter: Sendable {
    enum Test: Sendable {
        case comparison(BinaryOperator, FilterConstant)
        case between(FilterConstant, FilterConstant, negated: Bool)
        /// The list without its undefined items (which can never match).
        case membership([FilterConstant], negated: Bool)
        /// A test against `undefined`: never true.
        case never
    }

    /// One test. A class: the per-row loop then reads it with one reference count, not one per field.
    final class Conjunct: Sendable {
        /// Property names from the document root.
        let path: [String]
        let test: Test

        init(path: [String], test: Test) {
            self.path = path
            self.test = test
        }
    }

    private(set) var conjuncts: [Conjunct]
    /// Per conjunct, the top-level member index where its name was last found (see ``DocumentView/topLevelValue(named:hint:)``).
    private var hints: [Int]

    /// Top-level names answered by the document's system properties rather than its body.
    private static let systemNames = ["_ts", "_rid", "_etag", "_self", "_attachments"]

    /// No WHERE clause: every document passes.
    static let passingEverything = DirectFilter(conjuncts: [])

    private init(conjuncts: [Conjunct]) {
        self.conjuncts = conjuncts
        self.hints = Array(repeating: -1, count: conjuncts.count)
    }

    /// `nil` when `filter` is not a conjunction of direct tests on `alias`, or a constant in it fails to evaluate.
    init?(filter: Expression, alias: String, evaluator: Evaluator) {
        var parts: [Expression] = []
        PredicateAnalysis.flattenConjunction(filter, into: &parts)
        var conjuncts: [Conjunct] = []
        conjuncts.reserveCapacity(parts.count)

        /// `nil`: not a constant (or it fails to evaluate); `.some(nil)`: the constant is undefined.
        func constant(_ expression: Expression) -> FilterConstant?? {
            guard PredicateAnalysis.isConstant(expression) else { return nil }
            do {
                return .some(try evaluator.evaluate(expression, Scope()).map(FilterConstant.init))
            } catch {
                return nil
            }
        }
        func conjunct(_ path: [String], _ test: Test) -> Conjunct {
            Conjunct(path: path, test: test)
        }
        func documentPath(_ expression: Expression) -> [String]? {
            guard let path = PredicateAnalysis.documentPath(expression, alias: alias) else { return nil }
            if path[0].utf8.first == UInt8(ascii: "_") && Self.systemNames.contains(path[0]) { return nil }
            return path
        }

        for part in parts {
            switch part {
            case .binary(let operation, let left, let right)
                where [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(operation):
                var operation = operation
                var path = documentPath(left)
                var other = right
                if path == nil, let flipped = documentPath(right) {
                    path = flipped
                    other = left
                    operation = PredicateAnalysis.flip(operation)
                }
                guard let path, case let value? = constant(other) else { return nil }
                conjuncts.append(conjunct(path, value.map { .comparison(operation, $0) } ?? .never))
            case .between(let subject, let lower, let upper, let negated):
                guard let path = documentPath(subject), case let low? = constant(lower), case let high? = constant(upper) else { return nil }
                if let low, let high {
                    conjuncts.append(conjunct(path, .between(low, high, negated: negated)))
                } else {
                    conjuncts.append(conjunct(path, .never))
                }
            case .inList(let subject, let list, let negated):
                guard let path = documentPath(subject) else { return nil }
                var items: [FilterConstant] = []
                for item in list {
                    guard case let value? = constant(item) else { return nil }
                    if let value { items.append(value) }
                }
                conjuncts.append(conjunct(path, .membership(items, negated: negated)))
            default:
                return nil
            }
        }
        self.conjuncts = conjuncts
        self.hints = Array(repeating: -1, count: conjuncts.count)
    }

    /// Whether WHERE is exactly `true` for the document.
    mutating func matches(_ document: DocumentView) -> Bool {
        // Often nothing is left to test (the index interval guarantees it all): skip the loop's setup.
        if self.conjuncts.isEmpty { return true }
        for index in self.conjuncts.indices {
            let conjunct = self.conjuncts[index]
            // An undefined subject makes every test undefined (NOT IN included).
            guard let range = Self.locate(conjunct, in: document, hint: &self.hints[index]) else { return false }
            let value = StoredValue(UnsafeRawBufferPointer(rebasing: document.body[range]))
            guard Self.holds(conjunct.test, for: value) else { return false }
        }
        return true
    }

    private static func holds(_ test: Test, for value: StoredValue) -> Bool {
        switch test {
        case .comparison(let operation, let constant):
            switch operation {
            case .equal: return value.equals(constant) == true
            case .notEqual: return value.equals(constant) == false
            case .less: return value.order(against: constant).map { $0 < 0 } == true
            case .lessOrEqual: return value.order(against: constant).map { $0 <= 0 } == true
            case .greater: return value.order(against: constant).map { $0 > 0 } == true
            case .greaterOrEqual: return value.order(against: constant).map { $0 >= 0 } == true
            default: return false
            }
        case .between(let low, let high, let negated):
            guard let fromLow = value.order(against: low), let fromHigh = value.order(against: high) else { return false }
            let inside = fromLow >= 0 && fromHigh <= 0
            return negated ? !inside : inside
        case .membership(let items, let negated):
            var found = false
            for item in items where value.equals(item) == true {
                found = true
                break
            }
            return negated ? !found : found
        case .never:
            return false
        }
    }

    /// The bytes of the value at the conjunct's path (offsets into the body), or `nil` when it is undefined.
    ///
    /// Below the top level the lookup follows `JSONObject`'s: the last member with the name, keys compared as
    /// `String`s (bytes suffice when both are ASCII and unescaped).
    private static func locate(_ conjunct: Conjunct, in document: DocumentView, hint: inout Int) -> Range<Int>? {
        guard var range = Self.withUTF8(of: conjunct.path[0], { document.topLevelValue(named: $0, hint: &hint) }) else { return nil }
        guard conjunct.path.count > 1 else { return range }
        let body = document.body
        for name in conjunct.path.dropFirst() {
            guard body[range.lowerBound] == UInt8(ascii: "{") else { return nil }
            let nameIsASCII = name.utf8.allSatisfy { $0 < 0x80 }
            var found: Range<Int>?
            Self.withUTF8(of: name) { nameBytes in
                JSONScanner.forEachMember(in: body, objectAt: range.lowerBound) { span in
                    let key = UnsafeRawBufferPointer(rebasing: body[span.key])
                    if nameIsASCII && !span.keyIsEscaped && !key.contains(where: { $0 >= 0x80 }) {
                        if StoredValue.compareBytes(key, nameBytes) == 0 { found = span.value }
                    } else if JSONScanner.decodedKey(of: span, in: body) == name {
                        found = span.value
                    }
                    return true
                }
            }
            guard let next = found else { return nil }
            range = next
        }
        return range
    }

    /// Calls `body` with the UTF-8 of `string`, in place when it is stored contiguously (native strings are).
    @inline(__always)
    private static func withUTF8<R>(of string: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        return Array(string.utf8).withUnsafeBytes(body)
    }

    // MARK: Conditions the index already guarantees

    /// The filter without the conjuncts that every entry of `path` satisfies by construction: a comparison or a
    /// numeric BETWEEN on the scanned top-level path whose index interval contains every scanned interval.
    ///
    /// Only numbers are dropped, and only when the constant's magnitude is below 2^53: index keys hold numbers as
    /// doubles, which is exact for such bounds (a larger integer rounds, but never across such a bound, so its key
    /// is on the same side as its value). Strings are kept (keys cut long strings) and so are other types (cheap).
    /// Top-level only: stored bodies never repeat a top-level key, so the indexed value is the one the filter reads.
    func removingConjuncts(impliedBy path: AccessPath) -> DirectFilter {
        guard case .rangeIndex(let indexPath, let intervals, _) = path, indexPath.count == 1, !intervals.isEmpty else { return self }
        let kept = self.conjuncts.filter { conjunct in
            guard conjunct.path == indexPath, let guaranteed = Self.interval(of: conjunct.test) else { return true }
            return !intervals.allSatisfy { Self.contains(guaranteed, $0) }
        }
        return kept.count == self.conjuncts.count ? self : DirectFilter(conjuncts: kept)
    }

    /// The index interval holding exactly the values that pass `test`, for the numeric tests that have one.
    private static func interval(of test: Test) -> IndexInterval? {
        switch test {
        case .comparison(let operation, let constant):
            guard operation != .notEqual, Self.isExactlyIndexed(constant.value) else { return nil }
            return PredicateAnalysis.interval(operation, constant.value)
        case .between(let low, let high, negated: false):
            guard Self.isExactlyIndexed(low.value), Self.isExactlyIndexed(high.value),
                let lower = IndexBound(low.value, inclusive: true), let upper = IndexBound(high.value, inclusive: true)
            else { return nil }
            return IndexInterval(lower: lower, upper: upper)
        default:
            return nil
        }
    }

    /// A number whose index encoding orders every stored number exactly as the evaluator does.
    private static func isExactlyIndexed(_ value: JSONValue) -> Bool {
        switch value {
        case .integer(let integer): return integer.magnitude < 1 << 53
        case .double(let double): return double.isFinite && double.magnitude < 9_007_199_254_740_992
        default: return false
        }
    }

    /// Whether every key inside `inner` is inside `outer` (bounds compared as the scan compares keys: bytewise).
    static func contains(_ outer: IndexInterval, _ inner: IndexInterval) -> Bool {
        if let bound = outer.lower {
            guard let other = inner.lower else { return false }
            let order = Self.compare(other.encoded, bound.encoded)
            guard order > 0 || (order == 0 && (bound.inclusive || !other.inclusive)) else { return false }
        }
        if let bound = outer.upper {
            guard let other = inner.upper else { return false }
            let order = Self.compare(other.encoded, bound.encoded)
            guard order < 0 || (order == 0 && (bound.inclusive || !other.inclusive)) else { return false }
        }
        return true
    }

    private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        left.withUnsafeBytes { l in right.withUnsafeBytes { r in StoredValue.compareBytes(l, r) } }
    }
}
