import JSON

/// The array functions, `CHOOSE` and `ObjectToArray`.
///
/// Element equality is JSON value equality (`1` equals `1.0`, objects compare unordered). The set functions return
/// each distinct value once, in first-occurrence order.
enum ArrayFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition(name: "ARRAY_CONCAT", arity: 2...Int.max) { arguments, _ in
            var result: [JSONValue] = []
            for index in arguments.indices {
                guard let elements = arguments.array(index) else { return nil }
                result.append(contentsOf: elements)
            }
            return .array(result)
        },
        // ARRAY_CONTAINS(array, value [, partial]): with `partial` true an object matches any element object that has
        // all of its members with equal values (the element may have more members); other values match by equality.
        FunctionDefinition(name: "ARRAY_CONTAINS", arity: 2...3) { arguments, _ in
            guard let elements = arguments.array(0), let target = arguments.value(1), let partial = arguments.optionalFlag(2) else {
                return nil
            }
            return .bool(elements.contains { matches($0, target, partial: partial) })
        },
        searchForValues("ARRAY_CONTAINS_ANY", matchAny: true),
        searchForValues("ARRAY_CONTAINS_ALL", matchAny: false),
        FunctionDefinition(name: "ARRAY_LENGTH", arity: 1...1) { arguments, _ in
            arguments.array(0).map { .integer(Int64($0.count)) }
        },
        FunctionDefinition(name: "ARRAY_SLICE", arity: 2...3) { arguments, _ in
            slice(arguments)
        },
        extremum("ARRAY_MAX", keepsGreater: true),
        extremum("ARRAY_MIN", keepsGreater: false),
        FunctionDefinition(name: "ARRAY_SUM", arity: 1...1) { arguments, _ in
            arguments.array(0).flatMap(sum)
        },
        FunctionDefinition(name: "ARRAY_AVG", arity: 1...1) { arguments, _ in
            guard let numbers = arguments.array(0).flatMap(numbers), !numbers.isEmpty else { return nil }
            return FunctionResult.number(numbers.reduce(0, +) / Double(numbers.count))
        },
        // ARRAY_MEDIAN: the middle number, or the mean of the two middle numbers ((a + b) / 2, which gives the
        // documented -0.8500000000000001 for [1, -2.7, 3, -4]).
        FunctionDefinition(name: "ARRAY_MEDIAN", arity: 1...1) { arguments, _ in
            guard let numbers = arguments.array(0).flatMap(numbers)?.sorted(), !numbers.isEmpty else { return nil }
            let middle = numbers.count / 2
            if numbers.count % 2 == 1 { return FunctionResult.number(numbers[middle]) }
            return FunctionResult.number((numbers[middle - 1] + numbers[middle]) / 2)
        },
        // CHOOSE(index, value1, ...): one-based; an index out of range (or not a number) is undefined. The values may
        // be undefined, so undefined does not propagate.
        FunctionDefinition(name: "CHOOSE", arity: 2...Int.max, propagatesUndefined: false) { arguments, _ in
            guard let index = arguments.exactInteger(0), index >= 1, index < Int64(arguments.count) else { return nil }
            return arguments.value(Int(index))
        },
        FunctionDefinition(name: "ObjectToArray", arity: 1...3) { arguments, _ in
            guard let object = arguments.object(0) else { return nil }
            var keyName = "k"
            var valueName = "v"
            if arguments.count > 1 {
                guard let name = arguments.string(1) else { return nil }
                keyName = name
            }
            if arguments.count > 2 {
                guard let name = arguments.string(2) else { return nil }
                valueName = name
            }
            return .array(object.members.map { member in
                var pair = JSONObject()
                pair.append(key: keyName, value: .string(member.key))
                pair.append(key: valueName, value: member.value)
                return .object(pair)
            })
        },
        // SetIntersect keeps the second array's order (the SetIntersect page: [1, 2, "A", "B"] and ["A", 1] give ["A", 1]).
        setOperation("SetIntersect") { first, second in
            let members = Set(first)
            return distinct(second.filter { members.contains($0) })
        },
        setOperation("SetUnion") { first, second in distinct(first + second) },
        setOperation("SetDifference") { first, second in
            let excluded = Set(second)
            return distinct(first.filter { !excluded.contains($0) })
        },
        FunctionDefinition(name: "SetEqual", arity: 2...2) { arguments, _ in
            guard let first = arguments.array(0), let second = arguments.array(1) else { return nil }
            return .bool(Set(first) == Set(second))
        },
    ]

    // MARK: Helpers

    /// Whether `element` matches `target`, partially (object subset) when asked.
    static func matches(_ element: JSONValue, _ target: JSONValue, partial: Bool) -> Bool {
        if partial, case .object(let wanted) = target, case .object(let candidate) = element {
            return wanted.members.allSatisfy { candidate[$0.key] == $0.value }
        }
        return element == target
    }

    /// `ARRAY_CONTAINS_ANY` / `ARRAY_CONTAINS_ALL`: OR / AND over the values with three-valued logic; an undefined value
    /// counts as undefined, as the documented examples show (`ARRAY_CONTAINS_ANY([1, 2, 3, 4], 1, undefined)` is true,
    /// `ARRAY_CONTAINS_ALL([1, 2, 3, 4], 5, undefined)` is false, `ARRAY_CONTAINS_ALL([1, 2, 3, 4], 1, undefined)` and
    /// `ARRAY_CONTAINS_ANY([1, 2, 3, 4], 5, undefined)` are undefined).
    private static func searchForValues(_ name: String, matchAny: Bool) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 2...Int.max, propagatesUndefined: false) { arguments, _ in
            guard let elements = arguments.array(0) else { return nil }
            var sawUndefined = false
            for index in arguments.indices.dropFirst() {
                guard let target = arguments.value(index) else {
                    sawUndefined = true
                    continue
                }
                if elements.contains(target) == matchAny { return .bool(matchAny) }
            }
            return sawUndefined ? nil : .bool(!matchAny)
        }
    }

    /// `ARRAY_SLICE(array, start [, length])`: a negative start counts from the end (clamped to the first element), a
    /// start past the end gives `[]`, and a negative length gives `[]`.
    private static func slice(_ arguments: [JSONValue?]) -> JSONValue? {
        guard let elements = arguments.array(0), let requestedStart = arguments.truncatedInteger(1) else { return nil }
        let count = Int64(elements.count)
        var start = requestedStart < 0 ? max(count + requestedStart, 0) : min(requestedStart, count)
        var end = count
        if arguments.count > 2 {
            guard let length = arguments.truncatedInteger(2) else { return nil }
            if length <= 0 { return .array([]) }
            end = length > count - start ? count : start + length
        }
        start = min(start, end)
        return .array(Array(elements[Int(start)..<Int(end)]))
    }

    /// `ARRAY_MAX` / `ARRAY_MIN` by the query language's order (strings > numbers > booleans > null). Elements must be
    /// primitive (an array or object element gives undefined); an empty array gives undefined.
    private static func extremum(_ name: String, keepsGreater: Bool) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 1...1) { arguments, _ in
            guard let elements = arguments.array(0) else { return nil }
            var best: JSONValue?
            for element in elements {
                guard TypeFunctions.isPrimitive(element) else { return nil }
                guard let current = best else {
                    best = element
                    continue
                }
                let order = QueryValueOrdering.compare(element, current)
                if keepsGreater ? order > 0 : order < 0 { best = element }
            }
            return best
        }
    }

    /// The elements as doubles, or `nil` when any element is not a number.
    private static func numbers(_ elements: [JSONValue]) -> [Double]? {
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let number = element.doubleValue else { return nil }
            result.append(number)
        }
        return result
    }

    /// The sum, exact while every element is an integer and the total fits in 64 bits; undefined for a non-number.
    private static func sum(_ elements: [JSONValue]) -> JSONValue? {
        var exactTotal: Int64? = 0
        var total = 0.0
        for element in elements {
            guard let number = element.doubleValue else { return nil }
            total += number
            if let running = exactTotal, case .integer(let integer) = element {
                let (next, overflow) = running.addingReportingOverflow(integer)
                exactTotal = overflow ? nil : next
            } else {
                exactTotal = nil
            }
        }
        if let exactTotal { return .integer(exactTotal) }
        return FunctionResult.number(total)
    }

    private static func setOperation(
        _ name: String, _ body: @escaping @Sendable ([JSONValue], [JSONValue]) -> [JSONValue]
    ) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 2...2) { arguments, _ in
            guard let first = arguments.array(0), let second = arguments.array(1) else { return nil }
            return .array(body(first, second))
        }
    }

    /// Each distinct value once, in first-occurrence order.
    private static func distinct(_ values: [JSONValue]) -> [JSONValue] {
        var seen = Set<JSONValue>()
        return values.filter { seen.insert($0).inserted }
    }
}
