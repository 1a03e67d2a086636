import ArgumentParser
import DocumentStore
import JSON
import QueryEngine

extension Cosmolite {
    /// `cosmolite query`: Cosmos DB SQL against a data directory.
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a SQL query against a container of a data directory and print the rows as NDJSON.",
            discussion: "Example: cosmolite query telemetry/events \"SELECT * FROM c WHERE c.epoch >= @e\" --parameter @e=1593099980"
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The container, as database/container.")
        var container: ContainerAddress

        @Argument(help: "The query, e.g. \"SELECT * FROM c WHERE c.epoch >= 1593099980\".")
        var text: String

        @Option(name: .customLong("parameter"), help: "A parameter as @name=<JSON value> (repeatable).")
        var parameters: [String] = []

        @Option(name: .customLong("partition-key"), help: "Restrict to one logical partition, as a JSON array (e.g. '[\"device-1\"]').")
        var partitionKey: String?

        @Option(name: .customLong("max-item-count"), help: "Rows per page; all pages are printed.")
        var maxItemCount: Int?

        @Flag(help: "Print the chosen plan (access path, index bounds) instead of the rows.")
        var explain = false

        func run() async throws {
            var options = QueryOptions(maxItemCount: self.maxItemCount)
            for parameter in self.parameters {
                guard let equals = parameter.firstIndex(of: "="), parameter.hasPrefix("@") else {
                    throw ValidationError("a parameter must look like @name=<JSON>, got \(parameter)")
                }
                let valueText = String(parameter[parameter.index(after: equals)...])
                let value = (try? JSONReader.parse(valueText)) ?? .string(valueText)
                options.parameters[String(parameter[..<equals])] = value
            }
            if let partitionKey {
                options.partitionKey = try PartitionKeyValue(headerJSON: try JSONReader.parse(partitionKey))
            }
            let store = try self.store.openStore()
            defer { store.close() }
            let container = try store.container(self.container.container, in: self.container.database)
            if self.explain {
                print(try container.explain(self.text, options: options))
                return
            }
            repeat {
                let page = try await container.query(self.text, options: options)
                for row in page.rows {
                    print(String(decoding: row, as: UTF8.self))
                }
                options.continuation = page.continuation
            } while options.continuation != nil
        }
    }
}
