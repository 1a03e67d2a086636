import HTTPTypes
import JSON
import QueryEngine

/// Listing and querying in-memory resources (databases, containers): a simple offset continuation over a sorted
/// list, and queries evaluated by the query engine over the resources' JSON.
enum ResourceFeed {
    static func list(_ key: String, rid: String, resources: [JSONValue], request: CosmosRequest) throws(CosmosError) -> CosmosResponse {
        var values = resources
        if request.flag(.isQuery) || request.header(.isQuery) != nil && request.method == .post {
            let (text, parameters) = try QueryController.queryText(request)
            do {
                values = try InMemoryQuery.run(text, parameters: parameters, over: resources)
            } catch {
                throw CosmosError(error)
            }
        }
        let token = request.header(.continuation).flatMap { $0.isEmpty ? nil : $0 } ?? "0"
        guard let start = Int(token), start >= 0 && start <= values.count else {
            throw CosmosError.badRequest("the continuation token is not valid for this feed")
        }
        let pageSize = try request.maxItemCount() ?? values.count
        let end = min(values.count, start + max(pageSize, 1))
        var headers: [(HTTPField.Name, String)] = []
        if end < values.count { headers.append((.continuation, String(end))) }
        return .feed(key, rid: rid, rows: QueryRows(values[start..<end].map { JSONWriter.bytes(from: $0) }), headers: headers)
    }
}
