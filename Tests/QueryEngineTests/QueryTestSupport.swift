import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// Runs `body` with a container "c" (partition key `/pk`) holding `documents`.
func withDocuments<R>(
    _ documents: [String],
    definition: ContainerDefinition = ContainerDefinition(id: "c", partitionKeyPath: "/pk"),
    _ body: (Container) throws -> R
) throws -> R {
    try withTemporaryStore { store in
        let container = try makeContainer(in: store, definition)
        let report = try container.ingest(documents.map { Array($0.utf8) })
        #expect(report.rejected == 0, "\(report.items.filter { if case .rejected = $0.outcome { true } else { false } })")
        return try body(container)
    }
}

extension Container {
    /// Every row of a query, as compact JSON text, following continuations.
    func rows(_ text: String, parameters: [String: JSONValue] = [:], pageSize: Int? = nil) throws -> [String] {
        var options = QueryOptions(parameters: parameters, maxItemCount: pageSize)
        var rows: [String] = []
        repeat {
            let page = try self.query(text, options: options)
            rows += page.values.map { JSONWriter.string(from: Self.withoutSystemProperties($0)) }
            options.continuation = page.continuation
        } while options.continuation != nil
        return rows
    }

    static func withoutSystemProperties(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object.removeMembers { ["_rid", "_self", "_etag", "_ts", "_attachments"].contains($0) }
        return .object(object)
    }
}
