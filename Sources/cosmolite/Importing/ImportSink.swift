import CosmosClient
import DocumentStore
import JSON

/// Where imported documents go: a data directory opened in-process, or a running server.
protocol ImportSink: Sendable {
    /// Upserts the documents; one outcome per document, in order.
    func write(_ documents: [[UInt8]]) async throws -> [IngestReport.Outcome]
    func finish() async throws
}

/// Imports straight into a data directory: each batch is one transaction.
struct DirectoryImportSink: ImportSink {
    let store: DocumentStore
    let container: Container

    init(store options: StoreOptions, container address: ContainerAddress, partitionKey: String?, idSource: String?) throws {
        let store = try options.openStore(creating: partitionKey != nil)
        self.store = store
        if let existing = try? store.container(address.container, in: address.database) {
            self.container = existing
        } else if let partitionKey {
            if try store.database(address.database) == nil {
                try store.createDatabase(address.database)
            }
            var definition = ContainerDefinition(id: address.container, partitionKeyPath: partitionKey)
            definition.idSourcePath = idSource
            self.container = try store.createContainer(definition, in: address.database)
        } else {
            throw StoreError(.notFound, "container \(address) does not exist; give --partition-key to create it")
        }
    }

    func write(_ documents: [[UInt8]]) async throws -> [IngestReport.Outcome] {
        try await self.container.ingest(documents).items.map(\.outcome)
    }

    func finish() async throws {
        self.store.close()
    }
}

/// Imports through a running server's REST API, 32 requests in flight.
struct ServerImportSink: ImportSink {
    let client: CosmosRESTClient
    let address: ContainerAddress
    let partitionKeyPaths: [[String]]

    init(endpoint: String, key: String, container address: ContainerAddress, partitionKey: String?, idSource: String?) async throws {
        self.client = try CosmosRESTClient(endpoint: endpoint, key: key)
        self.address = address
        if let partitionKey {
            try await self.client.createDatabaseIfNeeded(address.database)
            var settings: JSONObject = [:]
            if let idSource { settings["idSourcePath"] = .string(idSource) }
            try await self.client.createContainerIfNeeded(database: address.database, definition: [
                "id": .string(address.container), "partitionKey": ["paths": [.string(partitionKey)], "kind": "Hash", "version": 2],
                "cosmolite": .object(settings),
            ])
        }
        let definition = try await self.client.container(database: address.database, id: address.container)
        guard case .array(let paths)? = definition["partitionKey"]?["paths"] else {
            throw StoreError(.badRequest, "the server's container definition has no partition key paths")
        }
        self.partitionKeyPaths = paths.compactMap(\.stringValue).map { JSONPath.segments(of: $0) ?? [] }
    }

    func write(_ documents: [[UInt8]]) async throws -> [IngestReport.Outcome] {
        try await withThrowingTaskGroup(of: (Int, IngestReport.Outcome).self) { group in
            var outcomes = [IngestReport.Outcome](repeating: .duplicate, count: documents.count)
            var next = 0
            func submit(_ index: Int) {
                let document = documents[index]
                group.addTask {
                    do {
                        let value = try JSONReader.parse(document)
                        let key = JSONValue.array(self.partitionKeyPaths.map { JSONPath.value(at: $0, in: value) ?? .object([:]) })
                        let status = try await self.client.upsert(database: self.address.database, container: self.address.container,
                                                                  document: document, partitionKey: key)
                        return (index, status == 201 ? .created : .replaced)
                    } catch let error as CosmosRESTClient.ResponseError where error.status >= 400 && error.status < 500 {
                        return (index, .rejected(reason: Self.reason(error)))
                    } catch let error as JSONSyntaxError {
                        return (index, .rejected(reason: "not valid JSON: \(error)"))
                    }
                }
            }
            while next < min(32, documents.count) {
                submit(next)
                next += 1
            }
            while let (index, outcome) = try await group.next() {
                outcomes[index] = outcome
                if next < documents.count {
                    submit(next)
                    next += 1
                }
            }
            return outcomes
        }
    }

    func finish() async throws {
        try await self.client.shutdown()
    }

    private static func reason(_ error: CosmosRESTClient.ResponseError) -> String {
        (try? JSONReader.parse(error.body))?["message"]?.stringValue ?? error.description
    }
}
