import BenchmarkSupport
import DocumentStore

/// Cosmolite through its in-process Swift API, in a directory of its own, with the event container the server gets:
/// the baseline that tells how much of the time over the wire is HTTP, and the builder of the start-up data set.
struct InProcessStore: Sendable {
    let store: DocumentStore
    let container: Container

    /// Opens a store at `path` (the layout `cosmolite serve --data-path <dir>` reads is `<dir>/store`) and creates
    /// the event container.
    init(path: String, durability: StoreConfiguration.Durability) throws {
        self.store = try DocumentStore(path: path, configuration: StoreConfiguration(durability: durability))
        do {
            try self.store.createDatabase(EventContainer.database)
            self.container = try self.store.createContainer(EventContainer.definition(), in: EventContainer.database)
        } catch {
            self.store.close()
            throw error
        }
    }

    func close() {
        self.store.close()
    }
}
