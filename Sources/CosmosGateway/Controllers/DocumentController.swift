import DocumentStore
import HTTPTypes
import JSON
import QueryEngine

/// Documents: create, upsert, read, replace, patch, delete, and the read feed; plus delete by partition key.
struct DocumentController {
    let store: DocumentStore
    let configuration: GatewayConfiguration

    func create(_ request: CosmosRequest, container: Container) async throws -> CosmosResponse {
        let upsert = request.flag(.isUpsert)
        let result = try await container.write(
            request.body,
            mode: upsert ? .upsert : .create,
            partitionKey: try request.partitionKey(),
            condition: request.writeCondition
        )
        return self.documentResponse(result.outcome == .created ? 201 : 200, result.document, container: container, request: request,
                                     outcome: result.outcome)
    }

    func read(_ request: CosmosRequest, container: Container, id: String) async throws -> CosmosResponse {
        let partitionKey = try request.requiredPartitionKey()
        guard let document = try await container.read(id: id, partitionKey: partitionKey) else {
            throw CosmosError.notFound("Entity with the specified id does not exist in the system. (id '\(id)', partition key \(partitionKey))")
        }
        if let ifNoneMatch = request.header(.ifNoneMatch), ifNoneMatch == document.etag {
            return CosmosResponse(status: 304, headers: [(.etag, document.etag)])
        }
        return self.documentResponse(200, document, container: container, request: request, charge: 1)
    }

    func replace(_ request: CosmosRequest, container: Container, id: String) async throws -> CosmosResponse {
        let partitionKey = try request.requiredPartitionKey()
        guard case .string(let bodyID)? = try request.jsonBody()["id"], bodyID == id else {
            throw CosmosError.badRequest("the document's id must equal the id '\(id)' in the path")
        }
        let result = try await container.write(request.body, mode: .replace, partitionKey: partitionKey, condition: request.writeCondition)
        return self.documentResponse(200, result.document, container: container, request: request, outcome: result.outcome)
    }

    func patch(_ request: CosmosRequest, container: Container, id: String) async throws -> CosmosResponse {
        let partitionKey = try request.requiredPartitionKey()
        let (operations, condition) = try Self.patchRequest(try request.jsonBody(), nowMillis: self.store.configuration.clock())
        let document = try await container.patch(id: id, partitionKey: partitionKey, operations: operations, condition: condition,
                                                 etag: request.writeCondition)
        // A patch writes in replace mode, which always stores a new version (new _etag), even when nothing differs.
        return self.documentResponse(200, document, container: container, request: request, outcome: .replaced)
    }

    func delete(_ request: CosmosRequest, container: Container, id: String) async throws -> CosmosResponse {
        try await container.delete(id: id, partitionKey: try request.requiredPartitionKey(), condition: request.writeCondition)
        return CosmosResponse(status: 204, headers: self.rangeHeaders(container: container, partitionKey: try request.partitionKey()))
    }

    func deletePartition(_ request: CosmosRequest, container: Container) async throws -> CosmosResponse {
        let deleted = try await container.deleteAll(partitionKey: try request.requiredPartitionKey())
        return CosmosResponse(status: 200, headers: [(.itemCount, String(deleted))])
    }

    /// `{"operations": [...], "condition": "from c where ..."}` into operations and a compiled condition.
    static func patchRequest(_ body: JSONValue, nowMillis: Int64) throws -> ([PatchOperation], PatchCondition?) {
        guard case .array(let list)? = body["operations"] else {
            throw CosmosError.badRequest("a patch body needs an \"operations\" array")
        }
        let operations = try list.map { (value) throws(StoreError) in try PatchOperation(json: value) }
        var condition: PatchCondition?
        if let text = body["condition"], !text.isNull {
            guard case .string(let expression) = text else {
                throw CosmosError.badRequest("the patch condition must be a string such as \"from c where c.x = 1\"")
            }
            condition = try InMemoryQuery.condition(expression, nowMillis: nowMillis)
        }
        return (operations, condition)
    }

    // MARK: Responses

    /// The answer carrying one document; `outcome` (writes only) goes in `x-ms-cosmolite-write-outcome`.
    func documentResponse(
        _ status: Int,
        _ document: StoredDocument,
        container: Container,
        request: CosmosRequest,
        charge: Double? = nil,
        outcome: WriteOutcome? = nil
    ) -> CosmosResponse {
        var headers: [(HTTPField.Name, String)] = [(.etag, document.etag)]
        headers += self.rangeHeaders(container: container, epk: document.effectivePartitionKey)
        headers.append((.requestCharge, RequestCharge.format(charge ?? RequestCharge.write(bytes: document.body.count))))
        if let outcome { headers.append((.writeOutcome, outcome.rawValue)) }
        let minimal = request.header(.prefer)?.utf8.containsIgnoringASCIICase("return=minimal") == true
        return CosmosResponse(status: status, headers: headers, body: minimal ? [] : document.jsonWithSystemProperties())
    }

    /// `x-ms-documentdb-partitionkeyrangeid`: without it the SDK assumes the range split and re-reads the ranges.
    func rangeHeaders(container: Container, epk: EffectivePartitionKey) -> [(HTTPField.Name, String)] {
        let ranges = container.properties.partitionKeyRanges
        return [(.partitionKeyRangeID, ranges[PartitionKeyRange.index(of: epk, in: ranges)].id)]
    }

    func rangeHeaders(container: Container, partitionKey: PartitionKeyValue?) -> [(HTTPField.Name, String)] {
        guard let partitionKey else { return [] }
        return self.rangeHeaders(container: container, epk: EffectivePartitionKey(partitionKey, kind: container.properties.definition.partitionKey.kind))
    }
}

/// Request charges: a stable estimate in request units, so that clients that read them see plausible numbers.
enum RequestCharge {
    static func write(bytes: Int) -> Double { 5 + Double(bytes / 1024) }
    static func query(rows: Int, examined: Int) -> Double { 2.3 + Double(rows) * 0.1 + Double(examined) * 0.01 }

    static func format(_ charge: Double) -> String {
        let hundredths = (charge * 100).rounded()
        return String(Int(hundredths) / 100) + "." + String(format2: Int(hundredths) % 100)
    }
}

extension String {
    fileprivate init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
