import DocumentStore
import HTTPTypes
import JSON
import QueryEngine

/// Queries over a container's documents, the query-plan endpoint and the read feed.
///
/// Queries are answered in full on the server (ORDER BY, TOP, OFFSET/LIMIT, DISTINCT, aggregates and GROUP BY across
/// every partition), page by page with the engine's continuation tokens; the server never asks the SDK to run a
/// query plan. Following the emulator, a query across partitions (no partition key and no range header) may use
/// aggregates only as `SELECT VALUE <aggregate>`, which then yields exactly one value (`null` when the aggregate is
/// undefined); GROUP BY across partitions is answered too (the emulator refuses it; answering it is an extension).
struct QueryController {
    let store: DocumentStore
    let configuration: GatewayConfiguration

    func query(_ request: CosmosRequest, container: Container) async throws -> CosmosResponse {
        let (text, parameters) = try Self.queryText(request)
        var options = QueryOptions(parameters: parameters)
        options.maxItemCount = try request.maxItemCount() ?? self.configuration.defaultPageSize
        options.continuation = request.header(.continuation)
        options.maximumExaminedDocuments = self.configuration.maximumExaminedDocumentsPerPage
        let crossPartition = try self.restrict(&options, request: request, container: container.properties)
        let shape = try QueryShape(text, parameters: parameters)
        if crossPartition && shape.hasAggregates && !shape.isValueAggregate && !shape.hasGroupBy {
            throw CosmosError.badRequest(
                "Cross partition query only supports 'VALUE <AggregateFunc>' for aggregates. Use SELECT VALUE, or give a partition key."
            )
        }
        let started = ContinuousClock.now
        let page = try await container.query(text, options: options)
        let elapsed = ContinuousClock.now - started
        var rows = page.rows
        if crossPartition && shape.isValueAggregate && rows.isEmpty && options.continuation == nil {
            rows = QueryRows(["null".utf8])
        }
        var headers: [(HTTPField.Name, String)] = [
            (.requestCharge, RequestCharge.format(RequestCharge.query(rows: rows.count, examined: page.metrics.documentsExamined))),
            (.queryPlan, page.plan.accessPath.kind),
        ]
        if let continuation = page.continuation { headers.append((.continuation, continuation)) }
        if request.flag(.populateQueryMetrics) {
            headers.append((.queryMetrics, QueryDiagnostics.metrics(page, rows: rows, elapsed: elapsed)))
        }
        if request.flag(.populateIndexMetrics) {
            headers.append((.indexUtilization, QueryDiagnostics.indexUtilization(page.plan)))
        }
        return .feed("Documents", rid: container.properties.resourceID, rows: rows, headers: headers)
    }

    /// `GET .../docs` without A-IM: every document, page by page.
    func readFeed(_ request: CosmosRequest, container: Container) async throws -> CosmosResponse {
        var options = QueryOptions(maxItemCount: try request.maxItemCount() ?? self.configuration.defaultPageSize,
                                   continuation: request.header(.continuation))
        _ = try self.restrict(&options, request: request, container: container.properties)
        let page = try await container.query("SELECT * FROM c", options: options)
        var headers: [(HTTPField.Name, String)] = [
            (.requestCharge, RequestCharge.format(RequestCharge.query(rows: page.rows.count, examined: page.metrics.documentsExamined)))
        ]
        if let continuation = page.continuation { headers.append((.continuation, continuation)) }
        return .feed("Documents", rid: container.properties.resourceID, rows: page.rows, headers: headers)
    }

    /// The query-plan document SDKs ask for (`x-ms-cosmos-is-query-plan-request`), see ``QueryExecutionInfo``.
    func plan(_ request: CosmosRequest, container: Container) throws -> CosmosResponse {
        let (text, parameters) = try Self.queryText(request)
        var range = EffectivePartitionKeyRange.all
        if let partitionKey = try request.partitionKey() {
            range = EffectivePartitionKeyRange(partitionKey: partitionKey, definition: container.properties.definition.partitionKey)
        }
        let queryRange: JSONValue = [
            "min": .string(range.lowerBound.hex), "max": .string(range.upperBound.hex),
            "isMinInclusive": true, "isMaxInclusive": false,
        ]
        // The features the client can merge; a query needing another is refused as the service refuses it.
        let features = request.header(.supportedQueryFeatures).map { list in
            Set(list.split(separator: ",").map { String(String($0).trimmingSpaces) }.filter { !$0.isEmpty })
        }
        let plan = try QueryExecutionInfo.plan(for: text, parameters: parameters, queryRanges: [queryRange], supportedFeatures: features)
        return .json(200, plan, headers: [(.requestCharge, "1.00")])
    }

    /// Applies the request's partition key, partition key range id and EPK headers to the options; answers whether
    /// the query runs across partitions (none of them given).
    func restrict(_ options: inout QueryOptions, request: CosmosRequest, container: ContainerProperties) throws -> Bool {
        var crossPartition = true
        if let partitionKey = try request.partitionKey() {
            options.partitionKey = partitionKey
            crossPartition = false
        }
        if let rangeID = request.header(.partitionKeyRangeID) {
            guard let range = container.partitionKeyRanges.first(where: { $0.id == rangeID.trimmingSpaces[...].description }) else {
                throw CosmosError.badRequest("the container has no partition key range '\(rangeID)'")
            }
            options.range = EffectivePartitionKeyRange(range)
            crossPartition = false
        }
        if let interval = try Self.epkRange(request) {
            options.range = options.range.map { $0.clamped(to: interval) ?? EffectivePartitionKeyRange(lowerBound: interval.lowerBound, upperBound: interval.lowerBound) } ?? interval
            crossPartition = false
        }
        return crossPartition
    }

    /// `x-ms-start-epk` / `x-ms-end-epk` (with `x-ms-read-key-type: EffectivePartitionKeyRange`).
    static func epkRange(_ request: CosmosRequest) throws(CosmosError) -> EffectivePartitionKeyRange? {
        guard let start = request.header(.startEPK), let end = request.header(.endEPK) else { return nil }
        guard let lower = EffectivePartitionKey(hex: start), let upper = EffectivePartitionKey(hex: end) else {
            throw CosmosError.badRequest("x-ms-start-epk and x-ms-end-epk must be hexadecimal effective partition keys")
        }
        return EffectivePartitionKeyRange(lowerBound: lower, upperBound: upper)
    }

    /// The query text and parameters of a query body: `{"query": "...", "parameters": [{"name": "@x", "value": 1}]}`.
    static func queryText(_ request: CosmosRequest) throws(CosmosError) -> (String, [String: JSONValue]) {
        let body = try request.jsonBody()
        guard case .string(let text)? = body["query"] else {
            throw CosmosError.badRequest("a query body needs a \"query\" string")
        }
        var parameters: [String: JSONValue] = [:]
        if let list = body["parameters"], !list.isNull {
            guard case .array(let entries) = list else {
                throw CosmosError.badRequest("\"parameters\" must be an array of {\"name\": \"@p\", \"value\": ...}")
            }
            for entry in entries {
                guard case .string(let name)? = entry["name"], name.hasPrefix("@"), name.count > 1 else {
                    throw CosmosError.badRequest("every query parameter needs a \"name\" starting with @")
                }
                parameters[name] = entry["value"] ?? .null
            }
        }
        return (text, parameters)
    }
}
