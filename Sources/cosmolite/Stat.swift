import ArgumentParser
import DocumentStore

extension Cosmolite {
    /// `cosmolite stat`: what a data directory holds.
    struct Stat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the databases and containers of a data directory with their document counts.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try self.store.openStore()
            defer { store.close() }
            print("data directory: \(self.store.dataPath)  map size: \(store.mapSize / (1 << 20)) MiB")
            for database in try store.databases() {
                print("database \(database.id)")
                for container in try store.containers(in: database.id) {
                    let handle = try store.container(container.id, in: database.id)
                    let definition = container.definition
                    print("  container \(container.id): \(try handle.count()) documents, partition key \(definition.partitionKey.paths.joined(separator: ",")), "
                        + "\(container.partitionKeyRanges.count) range(s), defaultTtl \(definition.defaultTimeToLive.map(String.init) ?? "off")")
                }
            }
        }
    }
}
