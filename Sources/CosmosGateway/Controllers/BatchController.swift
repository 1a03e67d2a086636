import DocumentStore
import HTTPTypes
import JSON

/// Transactional batches (`x-ms-cosmos-is-batch-request: True`): up to 100 operations on one logical partition,
/// committed together or not at all. Success is 200 with one result per operation; a failure is 207 with the failing
/// operation's own status and 424 for every other one. Results of writes also carry `"cosmoliteWriteOutcome"`
/// (`created`, `replaced` or `unchanged`, as the `x-ms-cosmolite-write-outcome` header does for single writes); the
/// SDKs ignore members they do not know. Non-atomic batches are refused (see ``requireTransactional(_:)``).
struct BatchController {
    let store: DocumentStore

    static let maximumOperations = 100

    func execute(_ request: CosmosRequest, container: Container) async throws -> CosmosResponse {
        try Self.requireTransactional(request)
        let operations = try BatchOperation.operations(in: request.body)
        guard !operations.isEmpty else {
            throw CosmosError.badRequest("Batch request has no operations.")
        }
        guard operations.count <= Self.maximumOperations else {
            throw CosmosError.badRequest("Batch request has more operations than what is supported. The limit is \(Self.maximumOperations).")
        }
        let partitionKey = try request.requiredPartitionKey()
        let nowMillis = self.store.configuration.clock()
        var steps: [BatchStep] = []
        for (index, operation) in operations.enumerated() {
            steps.append(try Self.step(operation, index: index, nowMillis: nowMillis))
        }
        do {
            let results = try await container.batch(steps, partitionKey: partitionKey)
            var writer = JSONWriter()
            writer.writeByte(UInt8(ascii: "["))
            for (index, result) in results.enumerated() {
                if index > 0 { writer.writeByte(UInt8(ascii: ",")) }
                Self.write(result, to: &writer)
            }
            writer.writeByte(UInt8(ascii: "]"))
            return CosmosResponse(status: 200, headers: [(.requestCharge, RequestCharge.format(Double(steps.count) * 5))], body: writer.bytes)
        } catch let failure as BatchFailure {
            let error = CosmosError(failure.error)
            var entries: [JSONValue] = []
            for index in steps.indices {
                if index == failure.index {
                    entries.append(["statusCode": .integer(Int64(error.status)), "requestCharge": 0, "message": .string(error.message)])
                } else {
                    entries.append(["statusCode": 424, "requestCharge": 0])
                }
            }
            return .json(207, .array(entries), headers: [(.requestCharge, "1.00")])
        }
    }

    /// Only transactional batches exist here (cosmos-wire.md 10.2). A request that asks for another kind —
    /// `x-ms-cosmos-batch-atomic: False` (non-atomic, the bulk mode) or `x-ms-cosmos-batch-continue-on-error: True` —
    /// is 400 rather than quietly run atomically, which would stop at the first failure the caller meant to skip.
    /// Absent headers mean a transactional batch, which is what the SDKs send.
    static func requireTransactional(_ request: CosmosRequest) throws(CosmosError) {
        if try request.strictFlag(.batchAtomic) == false {
            throw CosmosError.badRequest(
                "non-atomic batches (x-ms-cosmos-batch-atomic: False) are not supported by Cosmolite; send a transactional batch (x-ms-cosmos-batch-atomic: True), or the operations one by one"
            )
        }
        if try request.strictFlag(.batchContinueOnError) == true {
            throw CosmosError.badRequest(
                "x-ms-cosmos-batch-continue-on-error: True is not supported by Cosmolite: a batch is transactional and stops at its first failing operation; send False, or the operations one by one"
            )
        }
    }

    private static func step(_ operation: BatchOperation, index: Int, nowMillis: Int64) throws -> BatchStep {
        guard case .string(let type)? = operation.operationType else {
            throw CosmosError.badRequest("batch operation \(index) needs an \"operationType\"")
        }
        let condition = WriteCondition(ifMatch: operation.ifMatch?.stringValue, ifNoneMatch: operation.ifNoneMatch?.stringValue)
        func body() throws(CosmosError) -> [UInt8] {
            guard let resource = operation.resourceBody, operation.resourceBodyIsObject else {
                throw CosmosError.badRequest("batch operation \(index) (\(type)) needs a \"resourceBody\" object")
            }
            return resource
        }
        func id() throws(CosmosError) -> String {
            guard case .string(let id)? = operation.id else {
                throw CosmosError.badRequest("batch operation \(index) (\(type)) needs an \"id\"")
            }
            return id
        }
        switch type.lowercased() {
        case "create": return .create(body: try body())
        case "upsert": return .upsert(body: try body(), condition: condition)
        case "replace": return .replace(id: try id(), body: try body(), condition: condition)
        case "read": return .read(id: try id(), condition: condition)
        case "delete": return .delete(id: try id(), condition: condition)
        case "patch":
            guard let resource = operation.resourceBody else {
                throw CosmosError.badRequest("batch operation \(index) (Patch) needs a \"resourceBody\" with \"operations\"")
            }
            let (operations, patchCondition) = try DocumentController.patchRequest(try JSONReader.parse(resource), nowMillis: nowMillis)
            return .patch(id: try id(), operations: operations, condition: patchCondition, etag: condition)
        default:
            throw CosmosError.badRequest("batch operation \(index) has unknown operationType \"\(type)\"")
        }
    }

    private static func write(_ result: BatchStepResult, to writer: inout JSONWriter) {
        let status: Int
        let document: StoredDocument?
        var outcome: WriteOutcome?
        switch result {
        case .written(let write):
            status = write.outcome == .created ? 201 : 200
            document = write.document
            outcome = write.outcome
        case .read(let read):
            status = 200
            document = read
        case .deleted:
            status = 204
            document = nil
        }
        writer.writeRaw("{\"statusCode\":")
        writer.writeInteger(Int64(status))
        writer.writeRaw(",\"requestCharge\":")
        writer.writeDouble(document.map { RequestCharge.write(bytes: $0.body.count) } ?? 5)
        if let outcome {
            writer.writeRaw(",\"cosmoliteWriteOutcome\":")
            writer.writeString(outcome.rawValue)
        }
        if let document {
            writer.writeRaw(",\"eTag\":")
            writer.writeString(document.etag)
            writer.writeRaw(",\"resourceBody\":")
            writer.writeRaw(document.jsonWithSystemProperties())
        }
        writer.writeByte(UInt8(ascii: "}"))
    }
}
