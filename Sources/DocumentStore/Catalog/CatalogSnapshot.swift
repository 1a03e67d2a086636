/// The databases and containers as of one catalog generation: an immutable value shared by every transaction that
/// sees that generation.
public struct CatalogSnapshot: Sendable {
    /// Bumped by every catalog change; readers compare it to decide whether their cached snapshot is current.
    public let generation: UInt64
    public let databases: [String: DatabaseProperties]
    let containersByAddress: [ContainerAddress: ContainerProperties]
    let containersByNumber: [UInt32: ContainerProperties]

    init(generation: UInt64, databases: [DatabaseProperties], containers: [ContainerProperties]) {
        self.generation = generation
        self.databases = Dictionary(databases.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        self.containersByAddress = Dictionary(
            containers.map { (ContainerAddress(database: $0.databaseID, container: $0.id), $0) },
            uniquingKeysWith: { $1 }
        )
        self.containersByNumber = Dictionary(containers.map { ($0.number, $0) }, uniquingKeysWith: { $1 })
    }

    public func database(_ id: String) -> DatabaseProperties? {
        self.databases[id]
    }

    public func container(_ id: String, in database: String) -> ContainerProperties? {
        self.containersByAddress[ContainerAddress(database: database, container: id)]
    }

    public func container(number: UInt32) -> ContainerProperties? {
        self.containersByNumber[number]
    }

    /// The containers of `database`, ordered by id.
    public func containers(in database: String) -> [ContainerProperties] {
        self.containersByAddress.values.filter { $0.databaseID == database }.sorted { $0.id < $1.id }
    }

    /// Every container of every database.
    public var allContainers: [ContainerProperties] {
        Array(self.containersByNumber.values)
    }

    /// Every database, ordered by id.
    public var allDatabases: [DatabaseProperties] {
        self.databases.values.sorted { $0.id < $1.id }
    }
}

/// A container's name within its database.
struct ContainerAddress: Hashable, Sendable {
    let database: String
    let container: String
}
