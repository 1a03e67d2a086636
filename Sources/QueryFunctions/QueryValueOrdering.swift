public import JSON

/// The query language's total order over values, used by ORDER BY, MIN/MAX and the array functions.
///
/// undefined (`nil`) < null < false < true < numbers < strings < arrays < objects. Numbers compare by value, exactly,
/// across `integer` and `double` (a NaN, which JSON cannot hold but arithmetic can produce, sorts below every other
/// number). Strings compare by Unicode code point, which is UTF-8 byte order. Arrays compare element by element, the
/// shorter first when one is a prefix of the other. Objects compare their members sorted by key (key, then value),
/// then the one with fewer members first; a repeated key counts once, with its last value, as in lookups.
public enum QueryValueOrdering {
    /// -1, 0 or 1 as `a` sorts before, with, or after `b`.
    public static func compare(_ a: JSONValue?, _ b: JSONValue?) -> Int {
        guard let a else { return b == nil ? 0 : -1 }
        guard let b else { return 1 }
        let (rankA, rankB) = (self.rank(a), self.rank(b))
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        switch (a, b) {
        case (.bool(let x), .bool(let y)):
            return x == y ? 0 : (x ? 1 : -1)
        case (.integer(let x), .integer(let y)):
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.double(let x), .double(let y)):
            return self.compareDoubles(x, y)
        case (.integer(let x), .double(let y)):
            return self.compare(integer: x, double: y)
        case (.double(let x), .integer(let y)):
            return -self.compare(integer: y, double: x)
        case (.string(let x), .string(let y)):
            return self.compareStrings(x, y)
        case (.array(let x), .array(let y)):
            for (left, right) in zip(x, y) {
                let order = self.compare(left, right)
                if order != 0 { return order }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        case (.object(let x), .object(let y)):
            return self.compareObjects(x, y)
        default:
            return 0
        }
    }

    /// `true` when `a` sorts strictly before `b` (a `sort(by:)` predicate).
    public static func precedes(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        self.compare(a, b) < 0
    }

    private static func rank(_ value: JSONValue) -> Int {
        switch value {
        case .null: 1
        case .bool(let flag): flag ? 3 : 2
        case .integer, .double: 4
        case .string: 5
        case .array: 6
        case .object: 7
        }
    }

    private static func compareDoubles(_ x: Double, _ y: Double) -> Int {
        if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? 0 : -1) : 1 }
        return x == y ? 0 : (x < y ? -1 : 1)
    }

    /// Exact comparison of an integer with a double (no rounding of the integer to a double).
    private static func compare(integer: Int64, double: Double) -> Int {
        if double.isNaN { return 1 }
        if double >= 9_223_372_036_854_775_808 { return -1 }
        if double < -9_223_372_036_854_775_808 { return 1 }
        let whole = double.rounded(.down)
        let wholeInteger = Int64(whole)
        if integer != wholeInteger { return integer < wholeInteger ? -1 : 1 }
        return whole == double ? 0 : -1
    }

    /// Code-point order, which for valid Unicode is the order of the UTF-8 bytes.
    static func compareStrings(_ x: String, _ y: String) -> Int {
        var left = x.utf8.makeIterator()
        var right = y.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?): if p != q { return p < q ? -1 : 1 }
            }
        }
    }

    private static func compareObjects(_ x: JSONObject, _ y: JSONObject) -> Int {
        let left = self.sortedMembers(x)
        let right = self.sortedMembers(y)
        for (p, q) in zip(left, right) {
            let keyOrder = self.compareStrings(p.key, q.key)
            if keyOrder != 0 { return keyOrder }
            let valueOrder = self.compare(p.value, q.value)
            if valueOrder != 0 { return valueOrder }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    /// The members with repeated keys collapsed to their last value, sorted by key in code-point order.
    private static func sortedMembers(_ object: JSONObject) -> [JSONObject.Member] {
        // Keys by code point: "é" and "e\u{301}" are two members, as lookups see them.
        var lastValue: [OrdinalString: JSONValue] = [:]
        for member in object.members { lastValue[OrdinalString(member.key)] = member.value }
        return lastValue.map { JSONObject.Member(key: $0.key.value, value: $0.value) }
            .sorted { self.compareStrings($0.key, $1.key) < 0 }
    }
}
