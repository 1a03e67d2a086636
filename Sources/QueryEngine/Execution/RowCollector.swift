import CosmosSQL
import JSON
import QueryFunctions

/// One output row: JSON text (a stored document written straight out) or a value.
enum RowOutput: Sendable {
    case bytes([UInt8])
    case value(JSONValue)

    var jsonValue: JSONValue {
        switch self {
        case .bytes(let bytes): (try? JSONReader.parse(bytes)) ?? .null
        case .value(let value): value
        }
    }

    func write(to writer: inout JSONWriter) {
        switch self {
        case .bytes(let bytes): writer.writeRaw(bytes)
        case .value(let value): writer.write(value)
        }
    }
}

/// Where a row came from: the document's sequence number and the row's index among that document's JOIN rows.
/// Breaks ties in ORDER BY so that order, and paging, are deterministic.
struct RowOrigin: Sendable, Hashable, Comparable {
    var sequence: UInt64
    var joinIndex: Int

    static func < (lhs: RowOrigin, rhs: RowOrigin) -> Bool {
        (lhs.sequence, lhs.joinIndex) < (rhs.sequence, rhs.joinIndex)
    }
}

/// A row kept by a non-streaming query until the input is exhausted.
struct CollectedRow: Sendable {
    var output: RowOutput
    /// ORDER BY keys, or the group key for GROUP BY, or the value itself for DISTINCT.
    var keys: [JSONValue?]
    var origin: RowOrigin
}

/// Applies a compiled query to its input rows: JOIN expansion, WHERE, then either projection (rows kept with their
/// sort keys) or aggregation by group. Everything it keeps is copied out of the input, so inputs may be views that
/// die after ``add(_:origin:)`` returns.
final class RowCollector {
    let compiled: CompiledQuery
    let evaluator: Evaluator
    private(set) var rows: [CollectedRow] = []
    private var groups: [GroupKey: GroupState] = [:]
    /// Rows that passed WHERE (for metrics).
    private(set) var matched = 0
    /// The most rows (or groups) a non-streaming query keeps in memory; beyond it the query fails with a clear error
    /// rather than exhausting memory. With TOP or LIMIT under ORDER BY only the best rows are kept, so this bounds
    /// only unbounded sorts, DISTINCT and GROUP BY.
    static let maximumRowsInMemory = 2_000_000

    private struct GroupKey: Hashable {
        var values: [JSONValue?]
    }

    private struct GroupState {
        var values: [JSONValue?]
        var accumulators: [AggregateAccumulator]
        /// The earliest row of the group: its spelling of the key represents the group (2 and 2.0 group together).
        var firstOrigin: RowOrigin
    }

    init(compiled: CompiledQuery, evaluator: Evaluator) {
        self.compiled = compiled
        self.evaluator = evaluator
        if compiled.isAggregate && compiled.groupBy.isEmpty {
            // Aggregates without GROUP BY have exactly one group, even over no rows (COUNT is then 0).
            self.groups[GroupKey(values: [])] = GroupState(values: [], accumulators: compiled.aggregates.map { AggregateAccumulator(kind: $0.kind) },
                                                            firstOrigin: RowOrigin(sequence: 0, joinIndex: 0))
        }
    }

    // MARK: Input

    /// Expands a base row (its FROM binding) through the JOINs and keeps the rows that pass WHERE.
    /// - Parameter expandingFrom: the base binds the container name and the FROM clause reads a path or subquery of
    ///   it, which must be expanded (top-level queries over `FROM x IN c.tags`).
    func add(_ base: Scope, origin sequence: UInt64, expandingFrom: Bool = false) throws(QueryError) {
        var joinIndex = 0
        let from = expandingFrom ? self.compiled.query.from : nil
        try RowExpansion.forEachRow(of: base, from: from, joins: self.compiled.query.joins, evaluator: self.evaluator,
                                    expandsFully: true) { (scope) throws(QueryError) in
            defer { joinIndex += 1 }
            if let filter = self.compiled.query.filter, !(try self.evaluator.isTrue(filter, scope)) { return true }
            self.matched += 1
            try self.accept(scope, origin: RowOrigin(sequence: sequence, joinIndex: joinIndex))
            return true
        }
    }

    private func accept(_ scope: Scope, origin: RowOrigin) throws(QueryError) {
        if self.compiled.isAggregate {
            var keyValues: [JSONValue?] = []
            for expression in self.compiled.groupBy {
                keyValues.append(try self.evaluator.evaluate(expression, scope))
            }
            let key = GroupKey(values: keyValues)
            var state = self.groups[key]
                ?? GroupState(values: keyValues, accumulators: self.compiled.aggregates.map { AggregateAccumulator(kind: $0.kind) }, firstOrigin: origin)
            if origin < state.firstOrigin {
                state.values = keyValues
                state.firstOrigin = origin
            }
            for (index, aggregate) in self.compiled.aggregates.enumerated() {
                state.accumulators[index].add(try self.evaluator.evaluate(aggregate.argument, scope))
            }
            self.groups[key] = state
            if self.groups.count > Self.maximumRowsInMemory {
                throw QueryError(.evaluation, "GROUP BY produces more than \(Self.maximumRowsInMemory) groups; narrow the query with a filter")
            }
            return
        }
        guard let output = try Projector.project(self.compiled.projection, scope, evaluator: self.evaluator) else { return }
        var keys: [JSONValue?] = []
        for item in self.compiled.orderBy {
            keys.append(try self.evaluator.evaluate(item.expression, scope))
        }
        self.rows.append(CollectedRow(output: output, keys: keys, origin: origin))
        if let keep = self.keepBest, self.rows.count >= 2 * keep + 1024 {
            // ORDER BY with TOP/LIMIT: only the best OFFSET + LIMIT rows can ever be returned.
            let descending = self.compiled.orderBy.map(\.isDescending)
            self.rows.sort { Self.precedes($0, $1, descending: descending) }
            self.rows.removeLast(self.rows.count - keep)
        } else if self.rows.count > Self.maximumRowsInMemory {
            throw QueryError(
                .evaluation,
                "the query needs more than \(Self.maximumRowsInMemory) rows in memory to sort or de-duplicate; add a filter, TOP or LIMIT"
            )
        }
    }

    /// How many rows a bounded ORDER BY keeps (OFFSET + TOP/LIMIT), when that bound exists.
    private var keepBest: Int? {
        guard !self.compiled.orderBy.isEmpty, !self.compiled.isDistinct, let limit = self.compiled.rowLimit else { return nil }
        return (self.compiled.offset ?? 0) + limit
    }

    // MARK: Output

    /// Every result row in final order, before OFFSET/LIMIT/TOP.
    func finish() throws(QueryError) -> [CollectedRow] {
        var result: [CollectedRow]
        if self.compiled.isAggregate {
            result = []
            let ordered = self.groups.values.sorted { Self.keysPrecede($0.values, $1.values) }
            for group in ordered {
                var slots = self.evaluator.parameters
                for (index, aggregate) in self.compiled.aggregates.enumerated() {
                    if let value = group.accumulators[index].result() { slots[aggregate.slot] = value }
                }
                for (index, value) in group.values.enumerated() {
                    if let value { slots["@\u{0}group\(index)"] = value }
                }
                let evaluator = Evaluator(parameters: slots, context: self.evaluator.context, subqueries: self.evaluator.subqueryRunner,
                                          materializations: self.evaluator.materializations)
                guard let output = try Projector.project(self.compiled.projection, Scope(), evaluator: evaluator) else { continue }
                result.append(CollectedRow(output: output, keys: group.values, origin: RowOrigin(sequence: 0, joinIndex: 0)))
            }
        } else {
            result = self.rows
            if !self.compiled.orderBy.isEmpty {
                let descending = self.compiled.orderBy.map(\.isDescending)
                result.sort { Self.precedes($0, $1, descending: descending) }
            }
        }
        if self.compiled.isDistinct {
            // Equal values may be spelled differently (2 and 2.0): the one from the earliest row represents them, so
            // the answer does not depend on the order an access path met the rows in. Values are equal as JSON:
            // numbers by value, strings by code point, objects whatever their member order.
            var seen: Set<JSONValue> = []
            var distinct: [CollectedRow] = []
            for var row in result.sorted(by: { $0.origin < $1.origin }) {
                let value = self.value(of: row.output)
                guard seen.insert(value).inserted else { continue }
                // The value itself identifies a distinct row; its first origin is not needed for ordering or paging.
                row.origin = RowOrigin(sequence: 0, joinIndex: 0)
                if self.compiled.orderBy.isEmpty {
                    // No requested order: order by value, so that paging by value is stable.
                    row.keys = [value]
                } else {
                    row.keys.append(value)
                }
                distinct.append(row)
            }
            let descending = self.compiled.orderBy.map(\.isDescending)
            result = distinct.sorted { Self.precedes($0, $1, descending: descending) }
        }
        return result
    }

    /// A row's output as a value; a stored document written out whole is parsed (and counted as materialised).
    private func value(of output: RowOutput) -> JSONValue {
        if case .bytes = output { self.evaluator.materializations.record() }
        return output.jsonValue
    }

    /// ORDER BY order; ties go by document in the direction of the first key (as a descending index scan meets
    /// them), then by JOIN row.
    static func precedes(_ lhs: CollectedRow, _ rhs: CollectedRow, descending: [Bool]) -> Bool {
        let order = self.compare(lhs.keys, rhs.keys, descending: descending)
        if order != 0 { return order < 0 }
        if lhs.origin.sequence != rhs.origin.sequence {
            return (descending.first ?? false) ? lhs.origin.sequence > rhs.origin.sequence : lhs.origin.sequence < rhs.origin.sequence
        }
        return lhs.origin.joinIndex < rhs.origin.joinIndex
    }

    /// Compares key lists with the query language's total order; `descending` flips individual keys.
    static func compare(_ lhs: [JSONValue?], _ rhs: [JSONValue?], descending: [Bool] = []) -> Int {
        for index in 0..<min(lhs.count, rhs.count) {
            var order = QueryValueOrdering.compare(lhs[index], rhs[index])
            if index < descending.count && descending[index] { order = -order }
            if order != 0 { return order }
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    static func keysPrecede(_ lhs: [JSONValue?], _ rhs: [JSONValue?]) -> Bool {
        self.compare(lhs, rhs) < 0
    }
}
