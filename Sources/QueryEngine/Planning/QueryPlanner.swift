import CosmosSQL
import DocumentStore
import JSON

/// Chooses how a query reaches its documents.
///
/// Candidates come from the WHERE clause (id and partition key equalities, range-index intervals, spatial boxes),
/// the caller's partition restriction and an ORDER BY on an indexed path. A point read or a counter lookup is taken
/// at once. Otherwise, when several candidates remain, the planner counts their index entries side by side in
/// growing rounds and takes the smallest that finishes first, so a selective condition wins over a broad one
/// without statistics. With none, it scans the container (or the restricted partitions).
struct QueryPlanner {
    struct Candidate: Sendable, Hashable {
        let path: AccessPath
        let deliversOrder: Bool
    }

    let compiled: CompiledQuery
    let container: ContainerProperties
    let restriction: EffectivePartitionKeyRange?
    let analysis: PredicateAnalysis?

    init(
        compiled: CompiledQuery,
        container: ContainerProperties,
        restriction: EffectivePartitionKeyRange?,
        usesIndexes: Bool = true,
        evaluator: Evaluator
    ) {
        self.compiled = compiled
        self.container = container
        self.restriction = restriction.flatMap { $0.isAll ? nil : $0 }
        if usesIndexes, compiled.readsDocumentsDirectly, let alias = compiled.alias {
            self.analysis = PredicateAnalysis(filter: compiled.query.filter, alias: alias, container: container, evaluator: evaluator)
        } else {
            self.analysis = nil
        }
    }

    /// Every candidate, in a fixed order (continuation tokens refer to candidates by position).
    func candidates() -> [Candidate] {
        guard self.compiled.query.from != nil else { return [Candidate(path: .noInput, deliversOrder: false)] }
        if self.countsFromCounters {
            return [Candidate(path: .counters, deliversOrder: false)]
        }
        var candidates: [Candidate] = []
        let definition = self.container.definition.partitionKey
        if let analysis = self.analysis {
            let fullKey = analysis.partitionKey(levels: definition.paths.count)
            if let id = analysis.id, let key = fullKey {
                candidates.append(Candidate(path: .pointRead(id: id, partitionKey: key), deliversOrder: false))
            }
            if let prefix = fullKey ?? analysis.partitionKeyPrefix() {
                var range = EffectivePartitionKeyRange(partitionKey: prefix, definition: definition)
                if let restriction = self.restriction {
                    range = range.clamped(to: restriction) ?? EffectivePartitionKeyRange(lowerBound: restriction.lowerBound, upperBound: restriction.lowerBound)
                }
                candidates.append(Candidate(path: .partition(range), deliversOrder: false))
            } else if let restriction = self.restriction {
                candidates.append(Candidate(path: .partition(restriction), deliversOrder: false))
            }
            let ordered = self.orderedPath
            for path in analysis.intervals.keys.sorted(by: { $0.joined(separator: "/") < $1.joined(separator: "/") }) where path != ordered?.path {
                candidates.append(Candidate(path: .rangeIndex(path: path, intervals: analysis.intervals[path]!, descending: false), deliversOrder: false))
            }
            for (path, box, distance) in analysis.spatial {
                candidates.append(Candidate(path: .spatialIndex(path: path, box: box, distance: distance), deliversOrder: false))
            }
            if let ordered {
                var intervals = analysis.intervals[ordered.path] ?? [IndexInterval(lower: nil, upper: nil)]
                if ordered.descending { intervals.reverse() }
                candidates.append(Candidate(path: .rangeIndex(path: ordered.path, intervals: intervals, descending: ordered.descending), deliversOrder: true))
            }
        } else if let restriction = self.restriction {
            candidates.append(Candidate(path: .partition(restriction), deliversOrder: false))
        }
        candidates.append(Candidate(path: .fullScan, deliversOrder: false))
        return candidates
    }

    /// `SELECT [VALUE] COUNT(<constant>) FROM c` with nothing else: answered from counters when the restriction is
    /// none or exactly one partition key range.
    private var countsFromCounters: Bool {
        let query = self.compiled.query
        guard self.compiled.readsDocumentsDirectly, query.filter == nil, query.joins.isEmpty, query.groupBy.isEmpty,
            self.compiled.aggregates.count == 1, self.compiled.aggregates[0].kind == .count,
            case .literal(let literal) = self.compiled.aggregates[0].argument, literal != .undefined
        else { return false }
        guard let restriction = self.restriction else { return true }
        return self.container.partitionKeyRanges.contains { EffectivePartitionKeyRange($0) == restriction }
    }

    /// The ORDER BY path when an index can deliver rows in that order: one ORDER BY item on a document path that is
    /// indexed for every document (explicitly included paths, and `_ts`/`id`, which every document has), in a query
    /// without aggregates or DISTINCT.
    var orderedPath: (path: [String], descending: Bool)? {
        guard self.compiled.orderBy.count == 1, !self.compiled.isAggregate, !self.compiled.isDistinct,
            let alias = self.compiled.alias, self.compiled.readsDocumentsDirectly,
            let path = PredicateAnalysis.documentPath(self.compiled.orderBy[0].expression, alias: alias)
        else { return nil }
        let policy = self.container.resolvedIndexingPolicy
        guard policy.explicitPaths.contains(path) || ((path == ["_ts"] || path == ["id"]) && policy.isRangeIndexed(path)) else {
            return nil
        }
        return (path, self.compiled.orderBy[0].isDescending)
    }

    // MARK: Choosing

    /// Picks a candidate for the first page.
    func choose(_ candidates: [Candidate], in snapshot: borrowing StoreSnapshot) throws -> (Int, [QueryPlan.Consideration]) {
        if let immediate = candidates.firstIndex(where: {
            switch $0.path {
            case .noInput, .counters, .pointRead: true
            default: false
            }
        }) {
            return (immediate, [])
        }
        var racers = candidates.indices.filter { candidates[$0].path != .fullScan }
        if let ordered = racers.first(where: { candidates[$0].deliversOrder }), try self.hasUnorderableEntries(candidates[ordered], snapshot) {
            racers.removeAll { $0 == ordered }
        }
        guard !racers.isEmpty else {
            return (candidates.count - 1, [])
        }
        if racers.count == 1 {
            return (racers[0], [QueryPlan.Consideration(path: candidates[racers[0]].path, entries: nil)])
        }
        // With TOP/LIMIT, an ordered scan stops early: other candidates must prove small quickly to beat it.
        let ordered = racers.first { candidates[$0].deliversOrder }
        let limits = ordered != nil && self.compiled.rowLimit != nil ? [256, 4096] : [256, 4096, 65_536, 1 << 20]
        var counts = [Int: Int]()
        var positions = [Int: ScanPosition]()
        var finished = Set<Int>()
        var alive = racers.filter { !(ordered != nil && self.compiled.rowLimit != nil && $0 == ordered) }
        for limit in limits {
            for index in alive {
                var count = counts[index] ?? 0
                var position = positions[index]
                let done = try CandidateScanner.probe(candidates[index].path, container: self.container, after: position,
                                                      in: snapshot) { next in
                    count += 1
                    position = next
                    return count < limit
                }
                counts[index] = count
                positions[index] = position
                if done { finished.insert(index) }
            }
            // Ties go to the earlier candidate, so the same query always gets the same plan (and row order).
            if let best = finished.min(by: { (counts[$0]!, $0) < (counts[$1]!, $1) }) {
                return (best, self.considerations(candidates, racers, counts, finished))
            }
            alive = alive.filter { !finished.contains($0) }
        }
        let fallback = ordered ?? racers.min { ((counts[$0] ?? .max), $0) < ((counts[$1] ?? .max), $1) }!
        return (fallback, self.considerations(candidates, racers, counts, finished))
    }

    private func considerations(_ candidates: [Candidate], _ racers: [Int], _ counts: [Int: Int], _ finished: Set<Int>) -> [QueryPlan.Consideration] {
        racers.map { QueryPlan.Consideration(path: candidates[$0].path, entries: finished.contains($0) ? counts[$0] : nil) }
    }

    /// Whether an ordered candidate would meet arrays or objects (whose mutual order is settled only in memory).
    private func hasUnorderableEntries(_ candidate: Candidate, _ snapshot: borrowing StoreSnapshot) throws -> Bool {
        guard case .rangeIndex(let path, let intervals, _) = candidate.path,
            intervals == [IndexInterval(lower: nil, upper: nil)] || intervals.contains(where: { $0.upper == nil || $0.lower == nil })
        else { return false }
        var found = false
        try snapshot.scanRangeIndex(
            in: self.container,
            path: path,
            lower: IndexBound(encoded: [IndexValueEncoding.Marker.array.rawValue], inclusive: true),
            upper: IndexBound(encoded: [IndexValueEncoding.Marker.object.rawValue + 1], inclusive: false)
        ) { _ in
            found = true
            return false
        }
        return found
    }
}
