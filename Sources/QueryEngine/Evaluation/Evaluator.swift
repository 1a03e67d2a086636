import CosmosSQL
import JSON
import QueryFunctions

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Evaluates scalar expressions with the query language's semantics (sql.md):
///
/// - `undefined` (Swift `nil`) is not `null`: a missing property, a property of a non-object, an out-of-range index,
///   an operator applied to operands of the wrong types, or a function given an undefined argument all give
///   undefined.
/// - Comparisons across types are undefined; `AND`/`OR`/`NOT` are three-valued (`false AND x` is false, `true OR x`
///   is true, everything else involving a non-boolean is undefined). WHERE keeps a row only when its filter is
///   exactly `true`.
/// - Numbers compare by value whether written as integers or doubles; arithmetic stays integral while it can and
///   integral doubles come back as integers (`4 / 2` is `2`); results that are not finite are undefined.
final class Evaluator {
    let parameters: [String: JSONValue]
    let context: FunctionContext
    let subqueryRunner: SubqueryRunner
    /// The most rows the JOINs of one document may produce (see ``RowExpansion``).
    let maximumJoinRowsPerDocument: Int
    /// Documents parsed whole while evaluating this page (shared with the evaluators derived from this one).
    let materializations: MaterializationCounter
    /// Compiled LIKE patterns by code point (canonically equivalent patterns match different strings).
    private var likePatterns: [OrdinalString: LikePattern] = [:]

    init(
        parameters: [String: JSONValue],
        context: FunctionContext,
        subqueries: SubqueryRunner,
        maximumJoinRowsPerDocument: Int = QueryOptions.defaultMaximumJoinRowsPerDocument,
        materializations: MaterializationCounter = MaterializationCounter()
    ) {
        self.parameters = parameters
        self.context = context
        self.subqueryRunner = subqueries
        self.maximumJoinRowsPerDocument = maximumJoinRowsPerDocument
        self.materializations = materializations
    }

    /// Whether `expression` is exactly `true` for the row (the WHERE rule).
    func isTrue(_ expression: Expression, _ scope: Scope) throws(QueryError) -> Bool {
        if case .bool(true)? = try self.evaluate(expression, scope) { return true }
        return false
    }

    func evaluate(_ expression: Expression, _ scope: Scope) throws(QueryError) -> JSONValue? {
        switch expression {
        case .literal(let literal):
            return Self.value(of: literal)
        case .parameter(let name):
            guard let value = self.parameters[name] else {
                // An aggregate or group slot without a value holds undefined (SUM over strings, no rows, ...).
                if name.utf8.contains(0) { return nil }
                throw QueryError(.invalidParameter, "the query uses parameter \(name) but no value was given for it")
            }
            return value
        case .identifier(let name):
            guard let value = scope.value(of: name) else {
                throw QueryError(.invalidQuery, "'\(name)' is not a name the query defines (use an alias from FROM or JOIN)")
            }
            return value
        case .property(let base, let name):
            if case .identifier(let alias) = base, case .document(let document)? = scope.binding(alias) {
                return document.property(name)
            }
            return try self.evaluate(base, scope)?[name]
        case .index(let base, let indexExpression):
            let index = try self.evaluate(indexExpression, scope)
            if case .string(let name)? = index, case .identifier(let alias) = base, case .document(let document)? = scope.binding(alias) {
                return document.property(name)
            }
            let container = try self.evaluate(base, scope)
            switch (container, index) {
            case (.object(let object)?, .string(let name)?):
                return object[name]
            case (.array(let array)?, let position?):
                guard let integer = position.integerValue, let offset = Int(exactly: integer), array.indices.contains(offset) else {
                    return nil
                }
                return array[offset]
            default:
                return nil
            }
        case .array(let elements):
            // Undefined elements are dropped; later elements shift left.
            var values: [JSONValue] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                if let value = try self.evaluate(element, scope) { values.append(value) }
            }
            return .array(values)
        case .object(let members):
            var object = JSONObject()
            for member in members {
                if let value = try self.evaluate(member.value, scope) {
                    object[member.key] = value
                }
            }
            return .object(object)
        case .unary(let operation, let operand):
            return Self.apply(operation, try self.evaluate(operand, scope))
        case .binary(.and, let left, let right):
            let first = try self.evaluate(left, scope)
            if case .bool(false)? = first { return .bool(false) }
            let second = try self.evaluate(right, scope)
            if case .bool(false)? = second { return .bool(false) }
            if case .bool(true)? = first, case .bool(true)? = second { return .bool(true) }
            return nil
        case .binary(.or, let left, let right):
            let first = try self.evaluate(left, scope)
            if case .bool(true)? = first { return .bool(true) }
            let second = try self.evaluate(right, scope)
            if case .bool(true)? = second { return .bool(true) }
            if case .bool(false)? = first, case .bool(false)? = second { return .bool(false) }
            return nil
        case .binary(.coalesce, let left, let right):
            if let value = try self.evaluate(left, scope) { return value }
            return try self.evaluate(right, scope)
        case .binary(let operation, let left, let right):
            return Self.apply(operation, try self.evaluate(left, scope), try self.evaluate(right, scope))
        case .between(let value, let lower, let upper, let negated):
            let subject = try self.evaluate(value, scope)
            let low = Self.compareDefined(subject, try self.evaluate(lower, scope))
            let high = Self.compareDefined(subject, try self.evaluate(upper, scope))
            guard let low, let high else { return nil }
            let inside = low >= 0 && high <= 0
            return .bool(negated ? !inside : inside)
        case .inList(let value, let list, let negated):
            guard let subject = try self.evaluate(value, scope) else { return nil }
            var found = false
            for item in list where !found {
                if let candidate = try self.evaluate(item, scope), Self.sameType(subject, candidate), Self.equal(subject, candidate) {
                    found = true
                }
            }
            return .bool(negated ? !found : found)
        case .like(let value, let patternExpression, let escapeExpression, let negated):
            guard case .string(let subject)? = try self.evaluate(value, scope),
                case .string(let pattern)? = try self.evaluate(patternExpression, scope)
            else { return nil }
            var escape: Character?
            if let escapeExpression {
                guard case .string(let text)? = try self.evaluate(escapeExpression, scope), text.count == 1 else {
                    throw QueryError(.invalidQuery, "the ESCAPE of LIKE must be a single character")
                }
                escape = text.first
            }
            let matches = try self.likePattern(pattern, escape: escape).matches(subject)
            return .bool(negated ? !matches : matches)
        case .conditional(let condition, let then, let otherwise):
            switch try self.evaluate(condition, scope) {
            case .bool(true)?: return try self.evaluate(then, scope)
            case .bool(false)?: return try self.evaluate(otherwise, scope)
            default: return nil
            }
        case .call(let call):
            return try self.call(call, scope)
        case .exists(let query):
            return .bool(!(try self.subqueryRunner.run(query, scope: scope, evaluator: self).isEmpty))
        case .arraySubquery(let query):
            return .array(try self.subqueryRunner.run(query, scope: scope, evaluator: self))
        case .scalarSubquery(let query):
            let rows = try self.subqueryRunner.run(query, scope: scope, evaluator: self)
            guard rows.count <= 1 else {
                throw QueryError(.evaluation, "a scalar subquery returned \(rows.count) values; it must return at most one")
            }
            return rows.first
        }
    }

    private func call(_ call: FunctionCall, _ scope: Scope) throws(QueryError) -> JSONValue? {
        if call.isUserDefined {
            throw QueryError(.unsupported, "user-defined functions (udf.\(call.name)) are not supported", location: call.location)
        }
        if AggregateKind(name: call.name) != nil {
            throw QueryError(.invalidQuery, "the aggregate \(call.name.uppercased()) is not allowed here", location: call.location)
        }
        guard let definition = FunctionLibrary.definition(named: call.name) else {
            throw QueryError(.unsupported, "unknown function \(call.name)", location: call.location)
        }
        var arguments: [JSONValue?] = []
        arguments.reserveCapacity(call.arguments.count)
        for argument in call.arguments {
            let value = try self.evaluate(argument, scope)
            if value == nil && definition.propagatesUndefined { return nil }
            arguments.append(value)
        }
        do {
            return Self.normalize(try definition.evaluate(arguments, self.context))
        } catch {
            throw QueryError(.evaluation, "\(definition.name): \(error.message)", location: call.location)
        }
    }

    private func likePattern(_ pattern: String, escape: Character?) throws(QueryError) -> LikePattern {
        let key = OrdinalString(escape.map { "\($0)\u{0}" + pattern } ?? pattern)
        if let cached = self.likePatterns[key] { return cached }
        let compiled = try LikePattern(pattern, escape: escape)
        if self.likePatterns.count < 256 { self.likePatterns[key] = compiled }
        return compiled
    }

    // MARK: Operators

    static func value(of literal: Literal) -> JSONValue? {
        switch literal {
        case .undefined: nil
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let integer): .integer(integer)
        case .number(let number): Self.normalize(.double(number))
        case .string(let string): .string(string)
        }
    }

    static func apply(_ operation: UnaryOperator, _ operand: JSONValue?) -> JSONValue? {
        switch (operation, operand) {
        case (.not, .bool(let flag)?): .bool(!flag)
        case (.negate, .integer(let integer)?): integer == .min ? .double(-Double(integer)) : .integer(-integer)
        case (.negate, .double(let double)?): .double(-double)
        case (.plus, let number?) where number.isNumber: number
        case (.bitwiseNot, let number?) where number.isNumber: Self.int32(number).map { .integer(Int64(~$0)) }
        default: nil
        }
    }

    static func apply(_ operation: BinaryOperator, _ left: JSONValue?, _ right: JSONValue?) -> JSONValue? {
        guard let left, let right else { return nil }
        switch operation {
        case .equal:
            return Self.sameType(left, right) ? .bool(Self.equal(left, right)) : nil
        case .notEqual:
            return Self.sameType(left, right) ? .bool(!Self.equal(left, right)) : nil
        case .less:
            return Self.compareScalars(left, right).map { .bool($0 < 0) }
        case .lessOrEqual:
            return Self.compareScalars(left, right).map { .bool($0 <= 0) }
        case .greater:
            return Self.compareScalars(left, right).map { .bool($0 > 0) }
        case .greaterOrEqual:
            return Self.compareScalars(left, right).map { .bool($0 >= 0) }
        case .concat:
            guard case .string(let first) = left, case .string(let second) = right else { return nil }
            return .string(first + second)
        case .add, .subtract, .multiply, .divide, .modulo:
            return Self.arithmetic(operation, left, right)
        case .bitwiseAnd, .bitwiseOr, .bitwiseXor, .leftShift, .rightShift, .zeroFillRightShift:
            guard let first = Self.int32(left), let second = Self.int32(right) else { return nil }
            let shift = Int32(UInt32(bitPattern: second) & 31)
            switch operation {
            case .bitwiseAnd: return .integer(Int64(first & second))
            case .bitwiseOr: return .integer(Int64(first | second))
            case .bitwiseXor: return .integer(Int64(first ^ second))
            case .leftShift: return .integer(Int64(first << shift))
            case .rightShift: return .integer(Int64(first >> shift))
            default: return .integer(Int64(UInt32(bitPattern: first) >> UInt32(shift)))
            }
        case .and, .or, .coalesce:
            return nil  // handled with short-circuiting in evaluate
        }
    }

    private static func arithmetic(_ operation: BinaryOperator, _ left: JSONValue, _ right: JSONValue) -> JSONValue? {
        if case .integer(let a) = left, case .integer(let b) = right {
            switch operation {
            case .add:
                let (sum, overflow) = a.addingReportingOverflow(b)
                if !overflow { return .integer(sum) }
            case .subtract:
                let (difference, overflow) = a.subtractingReportingOverflow(b)
                if !overflow { return .integer(difference) }
            case .multiply:
                let (product, overflow) = a.multipliedReportingOverflow(by: b)
                if !overflow { return .integer(product) }
            case .modulo:
                guard b != 0 else { return nil }
                if b == -1 { return .integer(0) }
                return .integer(a % b)
            default:
                break
            }
        }
        guard let a = left.doubleValue, let b = right.doubleValue else { return nil }
        let result: Double
        switch operation {
        case .add: result = a + b
        case .subtract: result = a - b
        case .multiply: result = a * b
        case .divide: result = a / b
        default: result = fmod(a, b)
        }
        return Self.normalize(.double(result))
    }

    /// Integral doubles that are exact as integers become integers; non-finite numbers become undefined.
    static func normalize(_ value: JSONValue?) -> JSONValue? {
        guard case .double(let double)? = value else { return value }
        guard double.isFinite else { return nil }
        if double == double.rounded(), abs(double) < 9_007_199_254_740_992, !(double == 0 && double.sign == .minus) {
            return .integer(Int64(double))
        }
        return value
    }

    /// JavaScript's ToInt32 on a number.
    static func int32(_ value: JSONValue) -> Int32? {
        switch value {
        case .integer(let integer): return Int32(truncatingIfNeeded: integer)
        case .double(let double):
            guard double.isFinite else { return 0 }
            let truncated = double.rounded(.towardZero)
            let wrapped = fmod(truncated, 4_294_967_296)
            return Int32(truncatingIfNeeded: Int64(wrapped))
        default: return nil
        }
    }

    /// Whether two defined values are of the same JSON type (all numbers are one type).
    static func sameType(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.null, .null), (.bool, .bool), (.string, .string), (.array, .array), (.object, .object): true
        case (.integer, .integer), (.integer, .double), (.double, .integer), (.double, .double): true
        default: false
        }
    }

    /// Deep JSON equality: numbers by value, objects regardless of member order, strings ordinally (by code point, as
    /// the service and the range index do), which is `JSONValue`'s own equality.
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        left == right
    }

    /// Ordering of two scalars of the same type; `nil` (undefined) across types or for arrays and objects.
    static func compareScalars(_ left: JSONValue, _ right: JSONValue) -> Int? {
        switch (left, right) {
        case (.null, .null): return 0
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        case (.string, .string): return QueryValueOrdering.compare(left, right)
        default:
            guard left.isNumber && right.isNumber else { return nil }
            return QueryValueOrdering.compare(left, right)
        }
    }

    static func compareDefined(_ left: JSONValue?, _ right: JSONValue?) -> Int? {
        guard let left, let right else { return nil }
        return self.compareScalars(left, right)
    }
}
