import CosmosSQL
import JSON
import QueryFunctions

/// A parsed query checked and rewritten for execution: limits resolved, names and functions validated, aggregates
/// and GROUP BY expressions turned into slots the projection reads after grouping.
struct CompiledQuery: Sendable {
    /// What one output row is made of.
    enum Projection: Sendable {
        /// `SELECT *`: the single FROM binding as is.
        case star
        /// `SELECT VALUE e`: the value (rows where it is undefined are dropped).
        case value(Expression)
        /// `SELECT e AS name, ...`: an object; undefined properties are left out.
        case object([(name: String, expression: Expression)])
    }

    struct Aggregate: Sendable {
        let kind: AggregateKind
        let argument: Expression
        /// The internal parameter the rewritten projection reads the result from.
        let slot: String
    }

    let query: SelectQuery
    /// The FROM alias (`c` in `FROM c`, `x` in `FROM x IN c.tags`); `nil` without FROM.
    let alias: String?
    /// The name the container is referred to by in FROM (`c` in `FROM c` and in `FROM x IN c.tags`).
    let containerName: String?
    let projection: Projection
    let aggregates: [Aggregate]
    let groupBy: [Expression]
    let orderBy: [OrderByItem]
    let isDistinct: Bool
    let top: Int?
    let offset: Int?
    let limit: Int?

    var isAggregate: Bool { !self.aggregates.isEmpty || !self.groupBy.isEmpty }
    /// Rows can be produced one by one in scan order, without seeing the whole input first.
    var isStreaming: Bool { !self.isAggregate && !self.isDistinct && self.orderBy.isEmpty }
    /// At most this many rows are returned (TOP, or OFFSET + LIMIT).
    var rowLimit: Int? {
        switch (self.top, self.limit) {
        case (let top?, let limit?): min(top, limit)
        case (let top?, nil): top
        case (nil, let limit?): limit
        default: nil
        }
    }

    /// Whether the query reads the FROM binding as a stored document whose properties can be looked up lazily and
    /// planned against indexes (`FROM c`, not `FROM x IN c.tags`).
    var readsDocumentsDirectly: Bool {
        guard let from = self.query.from else { return false }
        if case .container = from.source, !from.iterates { return true }
        return false
    }
}

/// The five aggregate functions.
enum AggregateKind: String, Sendable {
    case count = "COUNT"
    case sum = "SUM"
    case average = "AVG"
    case minimum = "MIN"
    case maximum = "MAX"

    init?(name: String) {
        self.init(rawValue: name.uppercased())
    }
}
