/// A batch body prepared ahead of its commit, with the outcome kept (a failure is reported at its own step, after
/// the steps before it ran) and re-done only if the container's definition changed before the commit.
struct PreparedBody: Sendable {
    private let body: [UInt8]
    private let partitionKey: PartitionKeyValue
    private let definitionEtag: String
    private let outcome: Result<PreparedDocument, StoreError>

    init(_ body: [UInt8], partitionKey: PartitionKeyValue, for container: ContainerProperties) {
        self.body = body
        self.partitionKey = partitionKey
        self.definitionEtag = container.etag
        self.outcome = Result { () throws(StoreError) in try DocumentPreparer.prepare(body, for: container, partitionKey: partitionKey) }
    }

    /// The prepared document for `container` as the commit sees it.
    func document(for container: ContainerProperties) throws(StoreError) -> PreparedDocument {
        if container.etag == self.definitionEtag { return try self.outcome.get() }
        return try DocumentPreparer.prepare(self.body, for: container, partitionKey: self.partitionKey)
    }
}
