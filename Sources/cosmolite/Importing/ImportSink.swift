import CosmosClient
import DocumentStore
import JSON

/// Where imported documents go: a data directory opened in-process, or a running server.
protocol ImportSink: Sendable {
    /// What makes two documents the same document in the target container.
    var identity: DocumentIdentity { get }
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

    var identity: DocumentIdentity {
        let definition = self.container.properties.definition
        return DocumentIdentity(partitionKeyPaths: definition.partitionKey.segments, idSourcePath: definition.idSourcePath)
    }

    func write(_ documents: [[UInt8]]) async throws -> [IngestReport.Outcome] {
        try await self.container.ingest(documents).items.map(\.outcome)
    }

    func finish() async throws {
        self.store.close()
    }
}

/// Imports through a running server's REST API, 32 requests in flight. The server says what each upsert did
/// (`x-ms-cosmolite-write-outcome`), so the counts match an import into a data directory.
struct ServerImportSink: ImportSink {
    let client: CosmosRESTClient
    let address: ContainerAddress
    let partitionKeyPaths: [[String]]
    let identity: DocumentIdentity

    static let requestsInFlight = 32

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
        self.identity = DocumentIdentity(partitionKeyPaths: self.partitionKeyPaths,
                                         idSourcePath: definition["cosmolite"]?["idSourcePath"]?.stringValue)
    }

    /// Documents that may be the same stored document (same partition key and id, or no id to tell) are sent one after
    /// another in input order, so the last one wins as it does in a data directory; the others go in parallel.
    func write(_ documents: [[UInt8]]) async throws -> [IngestReport.Outcome] {
        var outcomes = [IngestReport.Outcome?](repeating: nil, count: documents.count)
        var sequences: [[(index: Int, partitionKey: JSONValue)]] = []
        var sequenceOfIdentity: [String: Int] = [:]
        for (index, document) in documents.enumerated() {
            let value: JSONValue
            do {
                value = try JSONReader.parse(document)
            } catch {
                outcomes[index] = .rejected(reason: "the document is not valid JSON: \(error)")
                continue
            }
            let key = JSONValue.array(self.partitionKeyPaths.map { JSONPath.value(at: $0, in: value) ?? .object([:]) })
            // Without a string id (one taken from an id source path, or an invalid one) the partition key alone orders.
            // Numbers are keyed as the store hashes them, as doubles: `1` and `1.0` are one partition key value, so
            // their documents must not race each other.
            let orderingKey = JSONValue.array(self.partitionKeyPaths.map { path in
                let component = JSONPath.value(at: path, in: value)
                return component?.doubleValue.map(JSONValue.double) ?? component ?? .object([:])
            })
            let identity = JSONWriter.string(from: orderingKey) + "\u{0}" + (value["id"]?.stringValue ?? "")
            if let sequence = sequenceOfIdentity[identity] {
                sequences[sequence].append((index, key))
            } else {
                sequenceOfIdentity[identity] = sequences.count
                sequences.append([(index, key)])
            }
        }
        try await withThrowingTaskGroup(of: [(Int, IngestReport.Outcome)].self) { group in
            var next = 0
            func submit() {
                let sequence = sequences[next]
                next += 1
                group.addTask {
                    var results: [(Int, IngestReport.Outcome)] = []
                    for (index, partitionKey) in sequence {
                        results.append((index, try await self.upsert(documents[index], partitionKey: partitionKey)))
                    }
                    return results
                }
            }
            while next < min(Self.requestsInFlight, sequences.count) {
                submit()
            }
            while let results = try await group.next() {
                for (index, outcome) in results {
                    outcomes[index] = outcome
                }
                if next < sequences.count {
                    submit()
                }
            }
        }
        return outcomes.map { $0! }
    }

    private func upsert(_ document: [UInt8], partitionKey: JSONValue) async throws -> IngestReport.Outcome {
        do {
            switch try await self.client.upsertReportingOutcome(database: self.address.database, container: self.address.container,
                                                                document: document, partitionKey: partitionKey) {
            case .created: return .created
            case .replaced: return .replaced
            case .unchanged: return .duplicate
            }
        } catch let error as CosmosRESTClient.ResponseError where error.status >= 400 && error.status < 500 {
            return .rejected(reason: Self.reason(error))
        }
    }

    func finish() async throws {
        try await self.client.shutdown()
    }

    private static func reason(_ error: CosmosRESTClient.ResponseError) -> String {
        (try? JSONReader.parse(error.body))?["message"]?.stringValue ?? error.description
    }
}
