import CosmosSQL
import DocumentStore
import JSON
import QueryFunctions

/// Runs one page of a query inside one read snapshot.
///
/// Streaming queries (no ORDER BY unless an index delivers it, no aggregates, no DISTINCT) scan their access path from
/// the continuation position and stop when the page is full. Other queries evaluate over every candidate, order the
/// result and return the rows after the continuation's sort key.
///
/// A class: the per-row closures capture it, and capturing a reference costs one retain where a struct of this size
/// would be copied member by member for every document.
final class QueryExecutor: Sendable {
    let text: String
    let query: SelectQuery
    let compiled: CompiledQuery
    let options: QueryOptions
    let container: ContainerProperties

    init(text: String, options: QueryOptions, container: ContainerProperties) throws(QueryError) {
        let parsed: SelectQuery
        do {
            parsed = try ParsedQueryCache.shared.query(parsing: text)
        } catch {
            throw QueryError(error, in: text)
        }
        let query = try ComputedPropertyExpansion(container.definition.computedProperties).apply(to: parsed)
        self.text = text
        self.query = query
        self.compiled = try QueryCompiler.compile(query, parameters: options.parameters)
        self.options = options
        self.container = container
    }

    /// The caller's restriction as one EPK interval (partition key and range intersected).
    var restriction: EffectivePartitionKeyRange? {
        var restriction = self.options.range
        if let partitionKey = self.options.partitionKey {
            let partition = EffectivePartitionKeyRange(partitionKey: partitionKey, definition: self.container.definition.partitionKey)
            restriction = restriction.map { $0.clamped(to: partition) ?? EffectivePartitionKeyRange(lowerBound: partition.lowerBound, upperBound: partition.lowerBound) } ?? partition
        }
        return restriction.flatMap { $0.isAll ? nil : $0 }
    }

    /// Identifies the query for its continuation tokens (computed only when a token is read or written).
    var fingerprint: String {
        var hasher = FNV1a()
        hasher.combine(self.text)
        for name in self.options.parameters.keys.sorted() {
            hasher.combine(name)
            hasher.combine(JSONWriter.string(from: self.options.parameters[name]!))
        }
        hasher.combine(self.restriction?.description ?? "")
        hasher.combine(self.container.resourceID)
        // The indexes decide the candidate access paths and what a scan position means; most of the definition
        // (the TTL, say) may change between pages without breaking a paging client.
        hasher.combine(JSONWriter.string(from: self.container.definition.indexingPolicy.jsonValue))
        // Computed properties change what the query's names mean.
        for property in self.container.definition.computedProperties {
            hasher.combine(property.name)
            hasher.combine(property.query)
        }
        hasher.combine(self.options.usesIndexes ? "indexed" : "scan")
        return hasher.hex
    }

    func run(in snapshot: borrowing StoreSnapshot) throws -> QueryPage {
        let evaluator = Evaluator(parameters: self.options.parameters, context: FunctionContext(nowMillis: snapshot.nowMillis),
                                  subqueries: SubqueryRunner(), maximumJoinRowsPerDocument: self.options.maximumJoinRowsPerDocument)
        let planner = QueryPlanner(compiled: self.compiled, container: self.container, restriction: self.restriction,
                                   usesIndexes: self.options.usesIndexes, evaluator: evaluator)
        let candidates = planner.candidates()
        var token: ContinuationToken?
        if let text = self.options.continuation, !text.isEmpty {
            let decoded = try ContinuationToken(decoding: text)
            guard decoded.fingerprint == self.fingerprint, decoded.candidate < candidates.count else {
                throw QueryError(.invalidContinuation, "the continuation token belongs to another query, container or indexing policy")
            }
            token = decoded
        }
        let chosen: Int
        var considered: [QueryPlan.Consideration] = []
        if let token {
            chosen = token.candidate
        } else {
            (chosen, considered) = try planner.choose(candidates, in: snapshot)
        }
        let candidate = candidates[chosen]
        let plan = QueryPlan(
            accessPath: candidate.path,
            deliversOrder: candidate.deliversOrder,
            restriction: self.restriction,
            filterExpression: self.compiled.query.filter,
            considered: considered
        )
        let streams = self.compiled.isStreaming || (candidate.deliversOrder && !self.compiled.isAggregate && !self.compiled.isDistinct)
        var page: Page
        switch candidate.path {
        case .counters:
            page = try self.countFromCounters(evaluator: evaluator, in: snapshot)
        case .noInput:
            let collector = RowCollector(compiled: self.compiled, evaluator: evaluator)
            try collector.add(Scope(), origin: 0)
            page = try self.sortedPage(collector, token: token, candidate: chosen)
        default:
            if streams {
                page = try self.streamingPage(candidate, index: chosen, token: token, evaluator: evaluator, in: snapshot)
            } else {
                let collector = RowCollector(compiled: self.compiled, evaluator: evaluator)
                var examined = 0
                try self.forEachCandidateDocument(candidate, after: nil, in: snapshot) { document, _ in
                    examined += 1
                    try collector.add(self.scope(for: document, evaluator), origin: document.sequenceNumber,
                                      expandingFrom: !self.compiled.readsDocumentsDirectly)
                    return true
                }
                page = try self.sortedPage(collector, token: token, candidate: chosen)
                page.examined = examined
            }
        }
        return QueryPage(rows: page.rows, continuation: page.continuation, plan: plan,
                         metrics: QueryMetrics(documentsExamined: page.examined, rowsMatched: page.matched,
                                               documentsMaterialized: evaluator.materializations.count))
    }

    /// What a page accumulates.
    struct Page {
        var rows = QueryRows()
        var continuation: String?
        var examined = 0
        var matched = 0
    }

    // MARK: Streaming

    /// What a streaming page tracks while it scans: one value, so that the per-document closure mutates it through
    /// one access rather than one checked access per captured variable.
    private struct StreamingState {
        var page = Page()
        var skipped: Int
        var returned: Int
        let offset: Int
        let rowLimit: Int?
        let maxItems: Int
        var stop: ContinuationToken.Resume?
        /// The position of the last document whose rows are all on this page.
        var previous: ScanPosition?
        var first = true
        let resumeSequence: UInt64?
        let resumeJoinIndex: Int
        /// Documents of the first unsettled run to skip, as the token says (they were returned already).
        var runOffset: Int
        /// The unsettled run being visited: where the scan stood before it and how many of its documents are done
        /// (a page that fills inside the run resumes from there).
        var runInProgress: (startAfter: ScanPosition?, completed: Int)?
        /// WHERE as direct tests, when it has that shape (it learns where members sit, hence here).
        var direct: DirectFilter?

        /// Where the next page starts when the row `joinIndex` of document `sequence` does not fit on this one.
        func resume(atRow joinIndex: Int, of sequence: UInt64) -> ContinuationToken.Resume {
            if let run = self.runInProgress {
                return .scan(after: run.startAfter, sequence: sequence, joinIndex: joinIndex, runOffset: run.completed)
            }
            return .scan(after: self.previous, sequence: sequence, joinIndex: joinIndex)
        }
    }

    /// Entries of an ordered range-index scan that share an index value which does not settle their order: strings
    /// cut at the index's length limit, and numbers from 2^53 on (neighbouring integers share one double). The index
    /// keeps such entries together but in creation order, so they are gathered and sorted by their exact ORDER BY
    /// value before any of them is visited.
    private struct UnsettledRun {
        /// The encoded index value the entries share.
        let value: [UInt8]
        /// Where the scan stood before the run.
        let startAfter: ScanPosition?
        var members: [(sequence: UInt64, position: ScanPosition, key: JSONValue?)] = []
    }

    private func streamingPage(
        _ candidate: QueryPlanner.Candidate,
        index: Int,
        token: ContinuationToken?,
        evaluator: Evaluator,
        in snapshot: borrowing StoreSnapshot
    ) throws -> Page {
        var after: ScanPosition?
        var resumeSequence: UInt64?
        var resumeJoinIndex = 0
        var runOffset = 0
        if case .scan(let position, let sequence, let joinIndex, let offset)? = token?.resume {
            after = position
            resumeSequence = sequence
            resumeJoinIndex = joinIndex
            runOffset = offset
        }
        var state = StreamingState(
            skipped: token?.skipped ?? 0,
            returned: token?.returned ?? 0,
            offset: self.compiled.offset ?? 0,
            rowLimit: self.compiled.rowLimit,
            maxItems: (self.options.maxItemCount ?? 0) > 0 ? self.options.maxItemCount! : Int.max,
            previous: after,
            resumeSequence: resumeSequence,
            resumeJoinIndex: resumeJoinIndex,
            runOffset: runOffset
        )
        if let rowLimit = state.rowLimit, state.returned >= rowLimit { return state.page }
        state.direct = self.directFilter(for: candidate, evaluator: evaluator)
        if candidate.deliversOrder {
            var pending: UnsettledRun?
            try self.forEachCandidateDocument(candidate, after: after, in: snapshot) { document, position in
                let unsettled = Self.unsettledIndexValue(at: position)
                if let run = pending, run.value != unsettled {
                    pending = nil
                    guard try self.visit(run, evaluator: evaluator, state: &state, in: snapshot) else { return false }
                }
                guard let unsettled else {
                    return try self.visit(document, at: position, evaluator: evaluator, state: &state)
                }
                if pending == nil { pending = UnsettledRun(value: unsettled, startAfter: state.previous) }
                let key = try evaluator.evaluate(self.compiled.orderBy[0].expression, self.scope(for: document, evaluator))
                pending!.members.append((document.sequenceNumber, position, key))
                if pending!.members.count > RowCollector.maximumRowsInMemory {
                    throw QueryError(.evaluation, "ORDER BY meets more than \(RowCollector.maximumRowsInMemory) documents whose index keys "
                                     + "cannot order them; add a filter")
                }
                return true
            }
            if let run = pending {
                _ = try self.visit(run, evaluator: evaluator, state: &state, in: snapshot)
            }
        } else {
            try self.forEachCandidateDocument(candidate, after: after, in: snapshot) { document, position in
                try self.visit(document, at: position, evaluator: evaluator, state: &state)
            }
        }
        if let stop = state.stop, state.rowLimit.map({ state.returned < $0 }) ?? true {
            state.page.continuation = ContinuationToken(fingerprint: self.fingerprint, candidate: index, resume: stop,
                                                        skipped: state.skipped, returned: state.returned).encoded
        }
        return state.page
    }

    /// One candidate document of a streaming page: its rows that pass WHERE go to the page. Answers whether the scan
    /// goes on.
    private func visit(
        _ document: DocumentView,
        at position: ScanPosition,
        evaluator: Evaluator,
        state: inout StreamingState
    ) throws -> Bool {
        state.page.examined += 1
        let skipRows = state.first && document.sequenceNumber == state.resumeSequence ? state.resumeJoinIndex : 0
        state.first = false
        var full = false
        if state.direct != nil {
            // No JOINs: the document is the only row (join index 0).
            if skipRows == 0, state.direct!.matches(document) {
                full = !(try self.accept(document, nil, joinIndex: 0, evaluator: evaluator, state: &state))
            }
        } else {
            var joinIndex = 0
            let from = self.compiled.readsDocumentsDirectly ? nil : self.compiled.query.from
            try RowExpansion.forEachRow(of: self.scope(for: document, evaluator), from: from, joins: self.compiled.query.joins,
                                        evaluator: evaluator) { (scope) throws(QueryError) in
                defer { joinIndex += 1 }
                guard joinIndex >= skipRows else { return true }
                if let filter = self.compiled.query.filter, !(try evaluator.isTrue(filter, scope)) { return true }
                full = !(try self.accept(document, scope, joinIndex: joinIndex, evaluator: evaluator, state: &state))
                return !full
            }
        }
        if full { return false }
        // Inside an unsettled run, positions are out of scan order: the run tracks progress, and is never cut short.
        guard state.runInProgress == nil else { return true }
        state.previous = position
        if let limit = self.options.maximumExaminedDocuments, state.page.examined >= limit {
            state.stop = .scan(after: position, sequence: nil, joinIndex: 0)
            return false
        }
        return true
    }

    /// Visits the documents of an unsettled run in ORDER BY order (ties by document, in the scan's direction, as
    /// everywhere else); answers whether the scan goes on.
    private func visit(
        _ run: UnsettledRun,
        evaluator: Evaluator,
        state: inout StreamingState,
        in snapshot: borrowing StoreSnapshot
    ) throws -> Bool {
        let descending = self.compiled.orderBy[0].isDescending
        let ordered = run.members.sorted { first, second in
            let order = QueryValueOrdering.compare(first.key, second.key)
            if order != 0 { return descending ? order > 0 : order < 0 }
            return descending ? first.sequence > second.sequence : first.sequence < second.sequence
        }
        let skipped = min(state.runOffset, ordered.count)
        state.runOffset = 0
        state.runInProgress = (run.startAfter, skipped)
        for member in ordered.dropFirst(skipped) {
            var proceed = true
            _ = try snapshot.visitDocument(sequenceNumber: member.sequence, in: self.container) { document in
                proceed = try self.visit(document, at: member.position, evaluator: evaluator, state: &state)
                return proceed
            }
            if !proceed { return false }
            state.runInProgress?.completed += 1
        }
        state.runInProgress = nil
        state.previous = run.members.last?.position ?? state.previous
        return true
    }

    /// The encoded value of a range-index entry whose order among entries of equal value the index does not settle
    /// (see ``UnsettledRun``); `nil` for every other entry and position.
    private static func unsettledIndexValue(at position: ScanPosition) -> [UInt8]? {
        guard case .index(_, let key) = position, key.count > 9 else { return nil }
        return key.withUnsafeBytes { key -> [UInt8]? in
            let value = UnsafeRawBufferPointer(rebasing: key[..<(key.count - 8)])
            if IndexValueEncoding.isTruncatedString(value) { return Array(value) }
            guard value[0] == IndexValueEncoding.Marker.number.rawValue, let number = IndexValueEncoding.decode(value)?.doubleValue,
                number.magnitude >= 9_007_199_254_740_992
            else { return nil }
            return Array(value)
        }
    }

    /// Takes one row that passed WHERE; answers whether the page goes on. `scope` is `nil` on the direct path, which
    /// binds the document only when the projection needs more than the stored text.
    private func accept(
        _ document: DocumentView,
        _ scope: Scope?,
        joinIndex: Int,
        evaluator: Evaluator,
        state: inout StreamingState
    ) throws(QueryError) -> Bool {
        state.page.matched += 1
        if state.skipped < state.offset {
            state.skipped += 1
            return true
        }
        if let rowLimit = state.rowLimit, state.returned >= rowLimit {
            return false
        }
        if state.page.rows.count >= state.maxItems || (state.page.rows.byteCount >= self.options.maximumResponseBytes && !state.page.rows.isEmpty) {
            // This row starts the next page.
            state.stop = state.resume(atRow: joinIndex, of: document.sequenceNumber)
            return false
        }
        if scope == nil, case .star = self.compiled.projection {
            state.page.rows.appendRow { document.writeWithSystemProperties(to: &$0) }
        } else {
            guard let output = try Projector.project(self.compiled.projection, scope ?? self.scope(for: document, evaluator), evaluator: evaluator)
            else { return true }
            state.page.rows.append(output)
        }
        state.returned += 1
        return true
    }

    /// The WHERE clause as direct tests on stored bytes, when the query reads documents without JOINs and the
    /// clause has that shape; conditions the scanned index interval guarantees are left out.
    private func directFilter(for candidate: QueryPlanner.Candidate, evaluator: Evaluator) -> DirectFilter? {
        guard self.options.usesDirectFilters, self.compiled.readsDocumentsDirectly, self.compiled.query.joins.isEmpty,
            let alias = self.compiled.alias
        else { return nil }
        guard let filter = self.compiled.query.filter else { return DirectFilter.passingEverything }
        return DirectFilter(filter: filter, alias: alias, evaluator: evaluator)?.removingConjuncts(impliedBy: candidate.path)
    }

    // MARK: Sorted

    private func sortedPage(_ collector: RowCollector, token: ContinuationToken?, candidate: Int) throws -> Page {
        var rows = try collector.finish()
        let start = min(self.compiled.offset ?? 0, rows.count)
        let end = min(rows.count, start + (self.compiled.rowLimit ?? rows.count))
        rows = Array(rows[start..<end])
        var first = 0
        if case .sorted(let resume)? = token?.resume {
            first = resume.firstIndex(in: rows, descending: self.compiled.orderBy.map(\.isDescending))
        }
        var page = Page()
        page.matched = collector.matched
        let maxItems = (self.options.maxItemCount ?? 0) > 0 ? self.options.maxItemCount! : Int.max
        var index = first
        while index < rows.count && page.rows.count < maxItems
            && (page.rows.byteCount < self.options.maximumResponseBytes || page.rows.isEmpty)
        {
            page.rows.append(rows[index].output)
            index += 1
        }
        if index < rows.count, index > first {
            page.continuation = ContinuationToken(fingerprint: self.fingerprint, candidate: candidate,
                                                  resume: .sorted(SortedResume(after: rows[index - 1], position: index)),
                                                  skipped: 0, returned: 0).encoded
        }
        return page
    }

    private func countFromCounters(evaluator: Evaluator, in snapshot: borrowing StoreSnapshot) throws -> Page {
        let rangeIndex = self.restriction.flatMap { restriction in
            self.container.partitionKeyRanges.first { EffectivePartitionKeyRange($0) == restriction }?.index
        }
        let count = try snapshot.documentCount(in: self.container, rangeIndex: rangeIndex)
        var slots = evaluator.parameters
        slots[self.compiled.aggregates[0].slot] = .integer(count)
        let finisher = Evaluator(parameters: slots, context: evaluator.context, subqueries: evaluator.subqueryRunner,
                                 materializations: evaluator.materializations)
        var page = Page()
        let skip = (self.compiled.offset ?? 0) > 0 || self.compiled.rowLimit == 0
        if !skip, let output = try Projector.project(self.compiled.projection, Scope(), evaluator: finisher) {
            page.rows.append(output)
        }
        return page
    }

    // MARK: Input

    /// The candidate documents of the access path, checked against the caller's restriction.
    private func forEachCandidateDocument(
        _ candidate: QueryPlanner.Candidate,
        after: ScanPosition?,
        in snapshot: borrowing StoreSnapshot,
        _ body: (DocumentView, ScanPosition) throws -> Bool
    ) throws {
        let restriction = self.restriction
        var needsCheck = restriction != nil
        if case .partition(let range) = candidate.path, let restriction, range.clamped(to: restriction) == range {
            needsCheck = false
        }
        try CandidateScanner.scan(candidate.path, container: self.container, after: after, in: snapshot) { document, position in
            if needsCheck, let restriction, !restriction.contains(document.effectivePartitionKeyBytes) {
                return true
            }
            return try body(document, position)
        }
    }

    /// The base row of a document: bound to the FROM alias, or to the container name when FROM iterates a path.
    private func scope(for document: DocumentView, _ evaluator: Evaluator) -> Scope {
        let lazy = LazyDocument(document, materializations: evaluator.materializations)
        guard let from = self.compiled.query.from else { return Scope() }
        switch from.source {
        case .container:
            return Scope().binding(from.alias, to: .document(lazy))
        case .path, .subquery:
            // The FROM source is evaluated per document with the container name bound to it.
            return Scope().binding(self.compiled.containerName ?? from.alias, to: .document(lazy))
        }
    }
}

/// 64-bit FNV-1a, for fingerprints (not security).
struct FNV1a {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            self.state ^= UInt64(byte)
            self.state = self.state &* 0x100_0000_01b3
        }
        self.state ^= 0xFF
        self.state = self.state &* 0x100_0000_01b3
    }

    var hex: String { SystemPropertiesHex.hex(self.state) }
}

enum SystemPropertiesHex {
    static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
