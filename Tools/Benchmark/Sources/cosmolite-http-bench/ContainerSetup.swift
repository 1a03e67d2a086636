import BenchmarkSupport
import CosmosClient
import DocumentStore
import JSON

/// Creates the event database and containers over REST with the container body the in-process engines use.
enum ContainerSetup {
    /// Creates `ids`; a definition read back without the spatial index or the id source would make the rows measure
    /// something else, so it becomes a warning.
    static func create(_ client: CosmosRESTClient, ids: [String], warnings: inout [String]) async throws {
        try await client.createDatabaseIfNeeded(EventContainer.database)
        for id in ids {
            let body = EventContainer.definition(id: id).jsonValue
            try await client.createContainerIfNeeded(database: EventContainer.database, definition: body)
            let stored = try await client.container(database: EventContainer.database, id: id)
            let spatial = stored["indexingPolicy"]?["spatialIndexes"]
            let idSource = stored["cosmolite"]?["idSourcePath"]?.stringValue
            if case .array(let indexes)? = spatial, !indexes.isEmpty, idSource == "/eventId" { continue }
            warnings.append("WARNING: container \(id) was stored as \(JSONWriter.string(from: stored)); sent \(JSONWriter.string(from: body))")
        }
    }
}
